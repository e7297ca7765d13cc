using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>A market log that only counts trades and events, so the service benchmark measures the exchange and not a log.</summary>
public sealed class DiscardingMarketLog : IMarketLog, IEventLog
{
    private long _trades;

    public long Trades => Interlocked.Read(ref _trades);

    public ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> batch, CancellationToken ct)
    {
        Interlocked.Add(ref _trades, batch.Count);
        return ValueTask.FromResult(new AppendResult(batch.Count, 0));
    }

    public ValueTask<AppendResult> AppendEventsAsync(IReadOnlyList<LoggedEvent> events, CancellationToken ct) =>
        ValueTask.FromResult(new AppendResult(events.Count, 0));

    public IAsyncEnumerable<LoggedEvent> ReadEventsAsync(EventTopic topic, CancellationToken ct) =>
        throw new NotSupportedException("The benchmark never reads the log");

    public ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct) => ValueTask.FromResult<TradeCursor?>(null);

    public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) =>
        throw new NotSupportedException("The benchmark never reads the log");

    public IAsyncEnumerable<Trade> ReplayTradesAsync(DateTime from, DateTime to, IReadOnlyCollection<InstrumentId>? instruments, CancellationToken ct) =>
        throw new NotSupportedException("The benchmark never reads the log");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
