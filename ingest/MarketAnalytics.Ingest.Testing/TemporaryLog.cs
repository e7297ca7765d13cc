using MarketAnalytics.Core;
using MarketAnalytics.Core.Prices;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A real embedded log in a fresh temporary directory, with an in-memory price cache and the recorder over both;
/// deleted on dispose.</summary>
public sealed class TemporaryLog : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ingest-tests-" + Guid.NewGuid().ToString("N"));

    public TemporaryLog()
    {
        Log = EmbeddedLog.Open(_directory);
        Recorder = new MarketRecorder(Log, Prices, TimeProvider.System);
    }

    public EmbeddedLog Log { get; }

    public InMemoryPriceCache Prices { get; } = new();

    public MarketRecorder Recorder { get; }

    public async Task<List<Trade>> ReadTradesAsync()
    {
        var trades = new List<Trade>();
        await foreach (var trade in Log.ReplayTradesAsync(DateTime.MinValue, DateTime.MaxValue, null, null, CancellationToken.None))
            trades.Add(trade);
        return trades;
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
