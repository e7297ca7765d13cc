namespace MarketAnalytics.Core;

/// <summary>A trade's place in its instrument's history: its id and its exchange time.</summary>
/// <remarks>Cursors order as trades do (<see cref="TradeOrder"/>: exchange time, then id). The log reports its newest trade of an
/// instrument as a cursor, and a venue's REST history is read from one.</remarks>
/// <param name="TradeId">The trade id as the venue spells it.</param>
/// <param name="Time">The exchange time in UTC.</param>
public readonly record struct TradeCursor(TradeId TradeId, DateTime Time)
{
    public static TradeCursor Of(in Trade trade) => new(trade.TradeId, trade.Time);

    /// <summary>Negative when this cursor is before <paramref name="other"/>, zero for the same place, positive after.</summary>
    public int CompareTo(TradeCursor other) => TradeOrder.Compare(Time, TradeId, other.Time, other.TradeId);

    /// <summary>The later of <paramref name="held"/> and <paramref name="candidate"/> in trade order; <paramref name="held"/>
    /// when they are at the same place or when <paramref name="candidate"/> is the first.</summary>
    public static TradeCursor Latest(TradeCursor? held, TradeCursor candidate) =>
        held is { } kept && kept.CompareTo(candidate) >= 0 ? kept : candidate;

    /// <summary>True when <paramref name="trade"/> comes after this cursor in trade order.</summary>
    public bool IsBefore(in Trade trade) => TradeOrder.Compare(Time, TradeId, trade.Time, trade.TradeId) < 0;

    public override string ToString() => $"{TradeId} at {UtcTime.Format(Time)}";
}
