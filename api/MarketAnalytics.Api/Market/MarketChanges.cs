using System.Threading.Channels;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Market;

/// <summary>What changed since the <see cref="MarketEventPump"/> last looked: instruments whose price may have moved and the
/// minutes whose candles the aggregation job committed.</summary>
/// <remarks>Producers only mark and ring (never wait); the pump takes everything marked in one go, so a burst of batches costs it
/// one look per instrument.</remarks>
public sealed class MarketChanges
{
    private readonly object _gate = new();
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private HashSet<InstrumentId> _prices = [];
    private Dictionary<InstrumentId, HashSet<DateTime>> _minutes = [];

    public void MarkPrices(IReadOnlyList<Trade> trades, IReadOnlyList<Quote> quotes)
    {
        if (trades.Count == 0 && quotes.Count == 0) return;
        lock (_gate)
        {
            InstrumentId last = default;
            foreach (var trade in trades)
                if (trade.Instrument != last) _prices.Add(last = trade.Instrument);
            foreach (var quote in quotes)
                if (quote.Instrument != last) _prices.Add(last = quote.Instrument);
        }
        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>Marks the minute windows of the candle-relevant trades of a committed batch.</summary>
    public void MarkCandles(IReadOnlyList<Trade> trades)
    {
        if (trades.Count == 0) return;
        lock (_gate)
        {
            InstrumentId lastInstrument = default;
            var lastMinute = DateTime.MinValue;
            HashSet<DateTime>? minutes = null;
            foreach (var trade in trades)
            {
                if (!trade.IsMarket) continue;
                var minute = CandleInterval.OneMinute.WindowStart(trade.Time);
                if (trade.Instrument == lastInstrument && minute == lastMinute) continue;
                if (trade.Instrument != lastInstrument || minutes is null)
                {
                    if (!_minutes.TryGetValue(trade.Instrument, out minutes)) _minutes.Add(trade.Instrument, minutes = []);
                    lastInstrument = trade.Instrument;
                }
                minutes.Add(minute);
                lastMinute = minute;
            }
        }
        _doorbell.Writer.TryWrite(true);
    }

    /// <summary>Completes when something was marked, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var rung = _doorbell.Reader.WaitToReadAsync(linked.Token).AsTask();
        var elapsed = Task.Delay(timeout, clock, linked.Token);
        await Task.WhenAny(rung, elapsed).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        _doorbell.Reader.TryRead(out _);
    }

    /// <summary>Everything marked so far, cleared.</summary>
    public (HashSet<InstrumentId> Prices, Dictionary<InstrumentId, HashSet<DateTime>> Minutes) Take()
    {
        lock (_gate)
        {
            var taken = (_prices, _minutes);
            _prices = [];
            _minutes = [];
            return taken;
        }
    }
}
