using MarketAnalytics.Api.Commands;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Testing;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>Binance's recorded USD-M frames imported through Kafka into PostgreSQL reproduce Binance's own 1-minute klines
/// to the last digit, as the embedded backends do.</summary>
public sealed class KafkaConformanceTests
{
    [BackendsFact(sharedData: true)]
    public async Task Import_through_kafka_and_postgres_reproduces_every_complete_minute_of_binance_klines()
    {
        var files = Directory.GetFiles(SharedData.Path("binance-usdm-btcusdt"), "*.frames.gz").Order(StringComparer.Ordinal).ToArray();
        string[] import = ["import", "--format", "binance-ws", "--venue", "binanceusdm", .. files];

        // Which minutes the recordings cover whole is read from the embedded log, which keeps quotes' times as well.
        using var embedded = new ScratchDirectory();
        Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync([.. import, $"--data-dir={embedded.Path}"], TextWriter.Null, CancellationToken.None));
        var embeddedMinutes = await MinutesAsync(Path.Combine(embedded.Path, "aggregates.db"));
        var complete = await BinanceKlines.CompleteMinutesAsync(Path.Combine(embedded.Path, "log"), embeddedMinutes);
        Assert.Equal(19, complete.Count); // as ../shared/data/README.md counts them

        await using var backends = new DistributedBackends(partitions: 4);
        var schema = backends.NewSchema();
        using var data = new ScratchDirectory();
        await ApiProcess.RunAsync(backends.Environment(schema, DistributedBackends.NewGroup()), [.. import, "--data-dir", data.Path]);

        await using var store = await schema.OpenStoreAsync();
        var minutes = (await store.GetAllCandlesAsync(CandleInterval.OneMinute, DateTime.MinValue, DateTime.MaxValue, CancellationToken.None))
            .ToDictionary(c => (c.Instrument, c.OpenTime));
        var klines = BinanceKlines.Read(SharedData.Path("binance-usdm-btcusdt/klines-1m.csv"));
        foreach (var minute in complete) Assert.Equal(klines[minute.OpenTime], BinanceKlines.Kline.Of(minutes[(minute.Instrument, minute.OpenTime)]));
        Assert.Equal(embeddedMinutes.Select(TradeStream.Text), minutes.Values.Select(TradeStream.Text).Order(StringComparer.Ordinal));
    }

    private static async Task<List<Candle>> MinutesAsync(string sqlitePath)
    {
        await using var store = Storage.Sqlite.SqliteAggregateStore.Open(sqlitePath);
        var minutes = await store.GetAllCandlesAsync(CandleInterval.OneMinute, DateTime.MinValue, DateTime.MaxValue, CancellationToken.None);
        return [.. minutes.OrderBy(TradeStream.Text, StringComparer.Ordinal)];
    }
}
