using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>Binance's own 1-minute klines of the recorded USD-M data (<c>klines-1m.csv</c>), and which minutes a recording
/// covers whole, for the conformance checks of every backend.</summary>
public static class BinanceKlines
{
    /// <summary>The fields of one kline that a candle must reproduce exactly.</summary>
    public sealed record Kline(long Count, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, decimal QuoteVolume,
        decimal TakerBuyVolume, decimal TakerBuyQuoteVolume)
    {
        public static Kline Of(Candle c) =>
            new(c.Count, c.Open, c.High, c.Low, c.Close, c.Volume, c.QuoteVolume, c.TakerBuyVolume, c.TakerBuyQuoteVolume);
    }

    /// <summary>The klines of a Binance CSV export, by open time.</summary>
    public static Dictionary<DateTime, Kline> Read(string path)
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

    /// <summary>The minutes a recording covers whole, judged by the exchange times of everything the embedded log in
    /// <paramref name="logDirectory"/> holds (trades and quotes); recordings are told apart by the hours between them.</summary>
    public static async Task<List<Candle>> CompleteMinutesAsync(string logDirectory, IEnumerable<Candle> minutes)
    {
        var times = new List<DateTime>();
        await using (var log = EmbeddedLog.Open(logDirectory))
        {
            await foreach (var trade in log.ReplayTradesAsync(DateTime.MinValue, DateTime.MaxValue, null, null, CancellationToken.None)) times.Add(trade.Time);
            await foreach (var quote in log.ReplayQuotesAsync(DateTime.MinValue, DateTime.MaxValue, null, CancellationToken.None)) times.Add(quote.Time);
        }
        return CompleteMinutes(times, minutes);
    }

    /// <summary>The minutes a recording covers whole, judged by the exchange times of everything it holds (trades and quotes);
    /// recordings are told apart by the hours between them.</summary>
    public static List<Candle> CompleteMinutes(IEnumerable<DateTime> recordedTimes, IEnumerable<Candle> minutes)
    {
        var times = recordedTimes.Order().ToList();
        var recordings = new List<(DateTime First, DateTime Last)>();
        foreach (var time in times)
        {
            if (recordings.Count > 0 && time - recordings[^1].Last < TimeSpan.FromMinutes(10)) recordings[^1] = (recordings[^1].First, time);
            else recordings.Add((time, time));
        }
        return minutes.Where(m => recordings.Any(r => r.First <= m.OpenTime && m.CloseTime <= r.Last)).ToList();
    }

    private static decimal D(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
