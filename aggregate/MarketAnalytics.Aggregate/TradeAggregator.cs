using System.Runtime.InteropServices;
using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate;

/// <summary>Folds trades into minute and hour candles of the trades it was given (deltas to merge into stored windows).</summary>
/// <remarks>Trades whose <see cref="Trade.IsMarket"/> is false are left out, like the exchanges' own candles. Hours are rolled up
/// from the minutes, so each trade is touched once. Streaming and reruns both use this class, which is what makes them agree.</remarks>
public sealed class TradeAggregator
{
    // Instruments looked up by reference before hashing: decoded trades of one partition share one id instance, and with a few
    // instruments interleaved, hashing two strings per trade was a tenth of the cost of adding it.
    private const int ScannedInstruments = 8;

    private readonly Dictionary<InstrumentId, InstrumentMinutes> _instruments = [];
    private readonly List<InstrumentMinutes> _firstSeen = [];

    /// <summary>Market trades added since the last <see cref="TakeDeltas"/>.</summary>
    public long TradeCount { get; private set; }

    public void Add(in Trade trade)
    {
        if (!trade.IsMarket) return;
        var instrument = Find(trade.Instrument);
        var ticks = trade.Time.Ticks;
        var minute = instrument.Current;
        if (minute is null || (ulong)(ticks - instrument.CurrentStart) >= TimeSpan.TicksPerMinute)
            minute = instrument.MinuteAt(ticks - ticks % TimeSpan.TicksPerMinute);
        minute.Add(trade);
        TradeCount++;
    }

    public void AddRange(IEnumerable<Trade> trades)
    {
        // Consumer batches are lists: reading them in place spares an interface call and a copy of the trade per element.
        if (trades is IReadOnlyList<Trade> batch)
        {
            foreach (ref readonly var trade in Batch.AsSpan(batch)) Add(trade);
            return;
        }
        foreach (var trade in trades) Add(trade);
    }

    /// <summary>The minute candles, then the hour candles, of everything added so far, each ordered by instrument and window; then starts over.</summary>
    public IReadOnlyList<Candle> TakeDeltas()
    {
        var instruments = _instruments.Values.OrderBy(i => i.Instrument).ToList();
        var minutes = instruments.Select(i => i.Minutes.Values.Select(m => m.ToCandle()).OrderBy(c => c.OpenTime).ToList()).ToList();
        var result = new List<Candle>(minutes.Sum(m => m.Count) * 9 / 8 + 1);
        foreach (var candles in minutes) result.AddRange(candles);
        foreach (var candles in minutes) result.AddRange(Candle.RollUp(candles, CandleInterval.OneHour));
        _instruments.Clear();
        _firstSeen.Clear();
        TradeCount = 0;
        return result;
    }

    private InstrumentMinutes Find(InstrumentId id)
    {
        var scanned = CollectionsMarshal.AsSpan(_firstSeen);
        if (scanned.Length > ScannedInstruments) scanned = scanned[..ScannedInstruments];
        foreach (var candidate in scanned)
            if (ReferenceEquals(candidate.Instrument.Symbol, id.Symbol) && ReferenceEquals(candidate.Instrument.Venue, id.Venue))
                return candidate;
        if (!_instruments.TryGetValue(id, out var found))
        {
            found = new InstrumentMinutes(id);
            _instruments.Add(id, found);
            _firstSeen.Add(found);
        }
        return found;
    }

    private sealed class InstrumentMinutes(InstrumentId instrument)
    {
        public InstrumentId Instrument { get; } = instrument;

        public Dictionary<long, CandleAccumulator> Minutes { get; } = [];

        /// <summary>The minute the last trade of this instrument went to, starting at <see cref="CurrentStart"/> (ticks).</summary>
        public CandleAccumulator? Current { get; private set; }

        public long CurrentStart { get; private set; }

        public CandleAccumulator MinuteAt(long start)
        {
            if (!Minutes.TryGetValue(start, out var minute))
            {
                minute = new CandleAccumulator(Instrument, CandleInterval.OneMinute, new DateTime(start, DateTimeKind.Utc));
                Minutes.Add(start, minute);
            }
            Current = minute;
            CurrentStart = start;
            return minute;
        }
    }
}
