using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>An in-memory market log that keeps the trades and events appended to it, idempotent like the real log: trades by
/// (instrument, trade id), events by sequence per partition.</summary>
public sealed class RecordingMarketLog : IMarketLog, IEventLog
{
    private readonly Lock _gate = new();
    private readonly List<Trade> _trades = [];
    private readonly HashSet<(InstrumentId, TradeId)> _seen = [];
    private readonly List<LoggedEvent> _events = [];
    private readonly Dictionary<(EventTopic, InstrumentId), long> _lastSequences = [];

    public int Duplicates { get; private set; }

    public IReadOnlyList<Trade> Trades
    {
        get { lock (_gate) return [.. _trades]; }
    }

    public ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> batch, CancellationToken ct)
    {
        lock (_gate)
        {
            var appended = 0;
            foreach (var trade in batch)
            {
                if (!_seen.Add((trade.Instrument, trade.TradeId))) continue;
                _trades.Add(trade);
                appended++;
            }
            Duplicates += batch.Count - appended;
            return ValueTask.FromResult(new AppendResult(appended, batch.Count - appended));
        }
    }

    public ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct)
    {
        lock (_gate)
        {
            TradeCursor? newest = null;
            foreach (var trade in _trades)
                if (trade.Instrument == instrument && (newest is not { } held || held.IsBefore(trade))) newest = TradeCursor.Of(trade);
            return ValueTask.FromResult(newest);
        }
    }

    public IReadOnlyList<LoggedEvent> Events
    {
        get { lock (_gate) return [.. _events]; }
    }

    public ValueTask<AppendResult> AppendEventsAsync(IReadOnlyList<LoggedEvent> batch, CancellationToken ct)
    {
        lock (_gate)
        {
            var appended = 0;
            foreach (var e in batch)
            {
                if (_lastSequences.TryGetValue((e.Topic, e.Partition), out var last) && e.Sequence <= last) continue;
                _lastSequences[(e.Topic, e.Partition)] = e.Sequence;
                _events.Add(e);
                appended++;
            }
            return ValueTask.FromResult(new AppendResult(appended, batch.Count - appended));
        }
    }

    public IAsyncEnumerable<LoggedEvent> ReadEventsAsync(EventTopic topic, CancellationToken ct) =>
        Events.Where(e => e.Topic == topic).ToAsyncEnumerable();

    public ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) =>
        throw new NotSupportedException("The exchange appends no quotes");

    public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) =>
        throw new NotSupportedException("The exchange tests read the recorded trades directly");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
