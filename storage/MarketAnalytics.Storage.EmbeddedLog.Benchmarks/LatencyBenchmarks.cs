using System.Globalization;
using BenchmarkDotNet.Attributes;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Benchmarks;

/// <summary>Latency of one trade: appending it (write + fsync), and appending it while a consumer waits for it until the
/// consumer's read returns. The difference is the wake-up cost of a waiting consumer.</summary>
public class LatencyBenchmarks
{
    private static readonly InstrumentId Instrument = InstrumentId.Parse("binance:BTCUSDT");

    private string _directory = "";
    private EmbeddedLog? _log;
    private ITradeConsumer? _consumer;
    private long _nextId;

    [GlobalSetup]
    public void OpenLog()
    {
        _directory = BenchmarkTrades.ScratchDirectory();
        _log = EmbeddedLog.Open(_directory);
        _consumer = _log.OpenTradeConsumer("benchmark", _ => new Dictionary<string, long>());
    }

    [GlobalCleanup]
    public void DeleteLog()
    {
        _consumer!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _log!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<AppendResult> AppendOne()
    {
        var result = await _log!.AppendTradesAsync([NextTrade()], CancellationToken.None);
        // Keep the consumer caught up so the other benchmark's read waits instead of finding a backlog.
        await _consumer!.ReadAsync(int.MaxValue, TimeSpan.Zero, CancellationToken.None);
        return result;
    }

    [Benchmark]
    public async Task<TradeBatch> AppendOneToWaitingConsumer()
    {
        var read = _consumer!.ReadAsync(int.MaxValue, TimeSpan.FromSeconds(10), CancellationToken.None);
        await _log!.AppendTradesAsync([NextTrade()], CancellationToken.None);
        return await read;
    }

    private Trade NextTrade()
    {
        var id = ++_nextId;
        return new Trade(Instrument, id.ToString(CultureInfo.InvariantCulture), new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc).AddTicks(id),
            97_000.5m, 0.001m, 97.0005m, TakerSide.Buy);
    }
}
