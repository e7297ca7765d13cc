using System.Runtime.CompilerServices;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Ingest.Tests;

/// <summary>An in-memory market log that keeps what it is given and drops repeated trade ids per instrument, as the durable
/// log does; it stands in until the embedded log can be referenced.</summary>
internal sealed class RecordingMarketLog : IMarketLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<InstrumentId, TradeIdSet> _ids = [];
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];
    private readonly List<int> _batchSizes = [];

    public IReadOnlyList<Trade> Trades { get { lock (_gate) return _trades.ToArray(); } }
    public IReadOnlyList<Quote> Quotes { get { lock (_gate) return _quotes.ToArray(); } }
    public IReadOnlyList<int> TradeBatchSizes { get { lock (_gate) return _batchSizes.ToArray(); } }
    public int DuplicateCount { get; private set; }

    public ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct)
    {
        lock (_gate)
        {
            _batchSizes.Add(trades.Count);
            var appended = 0;
            foreach (var trade in trades)
            {
                if (!_ids.TryGetValue(trade.Instrument, out var ids)) _ids[trade.Instrument] = ids = new TradeIdSet();
                if (!ids.Add(trade.TradeId)) continue;
                _trades.Add(trade);
                appended++;
            }
            DuplicateCount += trades.Count - appended;
            return ValueTask.FromResult(new AppendResult(appended, trades.Count - appended));
        }
    }

    public ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        lock (_gate) _quotes.AddRange(quotes);
        return ValueTask.CompletedTask;
    }

    public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) => throw new NotSupportedException();

    public async IAsyncEnumerable<Trade> ReplayTradesAsync(DateTime from, DateTime to, IReadOnlyCollection<InstrumentId>? instruments,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        foreach (var trade in Trades)
            if (trade.Time >= from && trade.Time < to && (instruments is null || instruments.Contains(trade.Instrument)))
                yield return trade;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
