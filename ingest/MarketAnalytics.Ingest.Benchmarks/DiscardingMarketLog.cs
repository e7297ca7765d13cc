using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Ingest.Benchmarks;

/// <summary>A market log that accepts and forgets everything, so a benchmark measures reading and parsing, not storage.</summary>
internal sealed class DiscardingMarketLog : IMarketLog
{
    public ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct) =>
        ValueTask.FromResult(new AppendResult(trades.Count, 0));

    public ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct) => ValueTask.FromResult<TradeCursor?>(null);

    public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) => throw new NotSupportedException("nothing is kept");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
