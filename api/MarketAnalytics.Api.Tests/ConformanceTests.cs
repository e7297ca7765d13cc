using MarketAnalytics.Api.Commands;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Tests;

/// <summary>Importing Binance's recorded USD-M frames reproduces Binance's own 1-minute klines to the last digit.</summary>
public sealed class ConformanceTests
{
    [SharedDataFact]
    public async Task Import_of_recorded_binance_frames_reproduces_every_complete_minute_of_binance_klines()
    {
        using var data = new DataDirectory();
        var files = Directory.GetFiles(SharedData.Path("binance-usdm-btcusdt"), "*.frames.gz").Order(StringComparer.Ordinal).ToArray();
        string[] line = ["import", $"--data-dir={data.Path}", "--format", "binance-ws", "--venue", "binanceusdm", .. files];
        Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync(line, TextWriter.Null, CancellationToken.None));

        var candles = (await data.AllCandlesAsync()).Where(c => c.Interval == CandleInterval.OneMinute).ToList();
        var klines = BinanceKlines.Read(SharedData.Path("binance-usdm-btcusdt/klines-1m.csv"));
        var complete = await BinanceKlines.CompleteMinutesAsync(Path.Combine(data.Path, "log"), candles);
        Assert.Equal(19, complete.Count); // as ../shared/data/README.md counts them
        foreach (var candle in complete) Assert.Equal(klines[candle.OpenTime], BinanceKlines.Kline.Of(candle));

        // Importing the same files again changes nothing.
        Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync(line, TextWriter.Null, CancellationToken.None));
        Assert.Equal(candles, (await data.AllCandlesAsync()).Where(c => c.Interval == CandleInterval.OneMinute).ToList());
    }
}
