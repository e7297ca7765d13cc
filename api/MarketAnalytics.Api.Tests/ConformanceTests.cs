using System.Globalization;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Tests;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Api.Tests;

/// <summary>Importing Binance's recorded USD-M frames reproduces Binance's own 1-minute klines to the last digit.</summary>
public sealed class ConformanceTests
{
    [SharedDataFact]
    public async Task Import_of_recorded_binance_frames_reproduces_every_complete_minute_of_binance_klines()
    {
        using var data = new DataDirectory();
        var files = Directory.GetFiles(SharedData.Path("binance-usdm-btcusdt"), "*.frames.gz").Order(StringComparer.Ordinal).ToArray();
        var line = CommandLine.Parse(["import", $"--data-dir={data.Path}", "--format", "binance-ws", "--venue", "binanceusdm", .. files]);
        Assert.Equal(0, await ImportCommand.RunAsync(line, TextWriter.Null, CancellationToken.None));

        var candles = (await data.AllCandlesAsync()).Where(c => c.Interval == CandleInterval.OneMinute).ToList();
        var klines = ReadKlines(SharedData.Path("binance-usdm-btcusdt/klines-1m.csv"));
        var complete = await CompleteMinutesAsync(data, candles);
        Assert.Equal(19, complete.Count); // as ../shared/data/README.md counts them
        foreach (var candle in complete)
        {
            var k = klines[candle.OpenTime];
            Assert.Equal(
                (k.Count, k.Open, k.High, k.Low, k.Close, k.Volume, k.QuoteVolume, k.TakerBuyVolume, k.TakerBuyQuoteVolume),
                (candle.Count, candle.Open, candle.High, candle.Low, candle.Close, candle.Volume, candle.QuoteVolume, candle.TakerBuyVolume, candle.TakerBuyQuoteVolume));
        }

        // Importing the same files again changes nothing.
        Assert.Equal(0, await ImportCommand.RunAsync(line, TextWriter.Null, CancellationToken.None));
        Assert.Equal(candles, (await data.AllCandlesAsync()).Where(c => c.Interval == CandleInterval.OneMinute).ToList());
    }

    /// <summary>The minutes a recording covers whole, judged by the exchange times of everything it logged (trades and quotes);
    /// recordings are told apart by the hours between them.</summary>
    private static async Task<List<Candle>> CompleteMinutesAsync(DataDirectory data, List<Candle> minutes)
    {
        var times = new List<DateTime>();
        await using (var log = EmbeddedLog.Open(Path.Combine(data.Path, "log")))
        {
            await foreach (var trade in log.ReplayTradesAsync(DateTime.MinValue, DateTime.MaxValue, null, null, CancellationToken.None)) times.Add(trade.Time);
            await foreach (var quote in log.ReplayQuotesAsync(DateTime.MinValue, DateTime.MaxValue, null, CancellationToken.None)) times.Add(quote.Time);
        }
        times.Sort();
        var recordings = new List<(DateTime First, DateTime Last)>();
        foreach (var time in times)
        {
            if (recordings.Count > 0 && time - recordings[^1].Last < TimeSpan.FromMinutes(10)) recordings[^1] = (recordings[^1].First, time);
            else recordings.Add((time, time));
        }
        return minutes.Where(m => recordings.Any(r => r.First <= m.OpenTime && m.CloseTime <= r.Last)).ToList();
    }

    private sealed record Kline(long Count, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, decimal QuoteVolume,
        decimal TakerBuyVolume, decimal TakerBuyQuoteVolume);

    private static Dictionary<DateTime, Kline> ReadKlines(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(e => e.name, e => e.i);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToDictionary(
            f => DateTime.UnixEpoch.AddMilliseconds(long.Parse(f[header["open_time"]], CultureInfo.InvariantCulture)),
            f => new Kline(
                long.Parse(f[header["count"]], CultureInfo.InvariantCulture),
                D(f[header["open"]]), D(f[header["high"]]), D(f[header["low"]]), D(f[header["close"]]), D(f[header["volume"]]),
                D(f[header["quote_volume"]]), D(f[header["taker_buy_volume"]]), D(f[header["taker_buy_quote_volume"]])));
    }

    private static decimal D(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
