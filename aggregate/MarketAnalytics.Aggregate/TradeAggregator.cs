using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate;

/// <summary>Folds trades into minute and hour candles of the trades it was given (deltas to merge into stored windows).</summary>
/// <remarks>Trades whose <see cref="Trade.IsMarket"/> is false are left out, like the exchanges' own candles. Hours are rolled up
/// from the minutes, so each trade is touched once. Streaming and reruns both use this class, which is what makes them agree.</remarks>
public sealed class TradeAggregator
{
    private readonly Dictionary<(InstrumentId Instrument, long Start), CandleAccumulator> _minutes = [];
    private CandleAccumulator? _last;
    private InstrumentId _lastInstrument;
    private long _lastStart = long.MinValue;

    /// <summary>Market trades added since the last <see cref="TakeDeltas"/>.</summary>
    public long TradeCount { get; private set; }

    public void Add(in Trade trade)
    {
        if (!trade.IsMarket) return;
        var start = trade.Time.Ticks - trade.Time.Ticks % TimeSpan.TicksPerMinute;
        if (_last is null || start != _lastStart || !SameInstrument(trade.Instrument, _lastInstrument))
        {
            var key = (trade.Instrument, start);
            if (!_minutes.TryGetValue(key, out _last))
            {
                _last = new CandleAccumulator(trade.Instrument, CandleInterval.OneMinute, new DateTime(start, DateTimeKind.Utc));
                _minutes.Add(key, _last);
            }
            _lastInstrument = trade.Instrument;
            _lastStart = start;
        }
        _last.Add(trade);
        TradeCount++;
    }

    public void AddRange(IEnumerable<Trade> trades)
    {
        foreach (var trade in trades) Add(trade);
    }

    /// <summary>The minute candles, then the hour candles, of everything added so far, each ordered by instrument and window; then starts over.</summary>
    public IReadOnlyList<Candle> TakeDeltas()
    {
        var minutes = _minutes.Values.Select(m => m.ToCandle())
            .OrderBy(c => c.Instrument).ThenBy(c => c.OpenTime).ToList();
        var result = new List<Candle>(minutes.Count + minutes.Count / 8 + 1);
        result.AddRange(minutes);
        foreach (var group in minutes.GroupBy(c => c.Instrument))
            result.AddRange(Candle.RollUp(group, CandleInterval.OneHour));
        _minutes.Clear();
        _last = null;
        TradeCount = 0;
        return result;
    }

    private static bool SameInstrument(InstrumentId a, InstrumentId b) =>
        (ReferenceEquals(a.Symbol, b.Symbol) && ReferenceEquals(a.Venue, b.Venue)) || a == b;
}
