using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.Commands;

/// <summary><c>candles</c>: exports one instrument's candles as CSV or JSON to standard output.</summary>
public static class CandlesCommand
{
    /// <summary>The CSV header, column for column.</summary>
    public const string CsvHeader = "open_time,open,high,low,close,volume,quote_volume,trades,taker_buy_volume,taker_buy_quote_volume,vwap";

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken ct)
    {
        line.AllowOnly("symbol", "interval", "from", "to", "format");
        if (!InstrumentId.TryParse(line.Require("symbol"), out var instrument))
            throw new CommandLineException($"--symbol '{line.Get("symbol")}' is not of the form venue:SYMBOL");
        if (!CandleInterval.TryParse(line.Get("interval") ?? "1m", out var interval))
            throw new CommandLineException($"--interval '{line.Get("interval")}' is not one of {string.Join(", ", CandleInterval.All.Select(i => i.Name))}");
        var format = line.Get("format") ?? "csv";
        if (format is not ("csv" or "json")) throw new CommandLineException($"--format '{format}' is not csv or json");
        var from = Time(line, "from") ?? DateTime.MinValue;
        var to = Time(line, "to") ?? DateTime.MaxValue;

        await using var host = CommandHost.Build(line);
        var store = host.Services.GetRequiredService<IAggregateStore>();
        var candles = await CandleQuery.GetAsync(store, instrument, interval, from, to, ct);
        if (format == "json")
        {
            var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
            await output.WriteLineAsync(JsonSerializer.Serialize(candles.Select(CandleEndpoints.CandleResponse.Of), options));
            return 0;
        }
        await output.WriteLineAsync(CsvHeader);
        foreach (var c in candles)
            await output.WriteLineAsync(string.Join(',',
                UtcTime.Format(c.OpenTime),
                S(c.Open), S(c.High), S(c.Low), S(c.Close), S(c.Volume), S(c.QuoteVolume),
                c.Count.ToString(CultureInfo.InvariantCulture), S(c.TakerBuyVolume), S(c.TakerBuyQuoteVolume), c.Vwap is { } v ? S(v) : ""));
        return 0;
    }

    private static string S(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static DateTime? Time(CommandLine line, string name)
    {
        var text = line.Get(name);
        if (text is null) return null;
        if (!UtcTime.TryParse(text, out var time))
            throw new CommandLineException($"--{name} '{text}' is not an ISO-8601 UTC time (e.g. 2024-08-08T23:54:00Z)");
        return ValidTimes.IsQueryTime(time)
            ? time
            : throw new CommandLineException($"--{name} '{text}' is outside the valid range {ValidTimes.DescribeQueryRange()}");
    }
}
