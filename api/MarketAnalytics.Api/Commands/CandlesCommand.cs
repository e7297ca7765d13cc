using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.Commands;

/// <summary><c>candles</c>: exports one instrument's candles as CSV or JSON to standard output.</summary>
public static class CandlesCommand
{
    /// <summary>The CSV header, column for column.</summary>
    public const string CsvHeader = "open_time,open,high,low,close,volume,quote_volume,trades,taker_buy_volume,taker_buy_quote_volume,vwap";

    private static readonly Option<InstrumentId?> Symbol = new("--symbol")
    {
        Description = "the instrument, venue:SYMBOL", HelpName = "venue:SYMBOL", CustomParser = result => OptionValues.Instruments(result) is [var one] ? one : null,
    };

    private static readonly Option<CandleInterval?> Interval = new("--interval")
    {
        Description = "the candles' length: 1m, 5m, 15m, 1h, 4h, 1d, … (default 1m)", HelpName = "INTERVAL",
        CustomParser = result => OptionValues.Interval(result),
    };

    private static readonly Option<DateTime?> From = new("--from")
    {
        Description = "the first window's start, ISO-8601 UTC (default: the oldest)", HelpName = "T", CustomParser = result => OptionValues.Time(result),
    };

    private static readonly Option<DateTime?> To = new("--to")
    {
        Description = "the end, exclusive, ISO-8601 UTC (default: the newest)", HelpName = "T", CustomParser = result => OptionValues.Time(result),
    };

    private static readonly Option<string> Format = new("--format")
    {
        Description = "csv (default) or json", HelpName = "csv|json", CustomParser = OptionValues.OneOf("csv", "json"),
    };

    public static Command Create()
    {
        var command = new Command("candles", "exports one instrument's candles as CSV or JSON")
        {
            Symbol, Interval, From, To, Format, SettingOptions.DataDirectory,
        };
        OptionValues.Require(command, Symbol);
        command.SetAction((result, ct) => RunAsync(result, result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult line, TextWriter output, CancellationToken ct)
    {
        var instrument = line.GetValue(Symbol)!.Value;
        var interval = line.GetValue(Interval) ?? CandleInterval.OneMinute;
        var format = line.GetValue(Format) ?? "csv";
        var from = line.GetValue(From) ?? DateTime.MinValue;
        var to = line.GetValue(To) ?? DateTime.MaxValue;
        await using var host = CommandHost.Build(line);
        var store = host.Services.GetRequiredService<IAggregateStore>();
        var candles = await store.QueryCandlesAsync(instrument, interval, from, to, ct);
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
}
