using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>An in-memory market log that keeps the trades appended to it, idempotent by (instrument, trade id) like the real log.</summary>
public sealed class RecordingMarketLog : IMarketLog
{
    private readonly Lock gate = new();
    private readonly List<Trade> trades = [];
    private readonly HashSet<(InstrumentId, string)> seen = [];

    public int Duplicates { get; private set; }

    public IReadOnlyList<Trade> Trades
    {
        get { lock (gate) return [.. trades]; }
    }

    public ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> batch, CancellationToken ct)
    {
        lock (gate)
        {
            var appended = 0;
            foreach (var trade in batch)
            {
                if (!seen.Add((trade.Instrument, trade.TradeId))) continue;
                trades.Add(trade);
                appended++;
            }
            Duplicates += batch.Count - appended;
            return ValueTask.FromResult(new AppendResult(appended, batch.Count - appended));
        }
    }

    public ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) =>
        throw new NotSupportedException("The exchange appends no quotes");

    public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) =>
        throw new NotSupportedException("The exchange tests read the recorded trades directly");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
