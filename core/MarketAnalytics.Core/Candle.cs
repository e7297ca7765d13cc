namespace MarketAnalytics.Core;

/// <summary>The aggregate of one instrument's market trades over one window.</summary>
/// <remarks>
/// The window is [<see cref="OpenTime"/>, <see cref="CloseTime"/>) in exchange time (UTC). Open and close are the first and last
/// trade by <see cref="TradeOrder"/>; volumes are exact sums (base asset for volume, quote asset for quote volume); the taker-buy
/// volumes sum the trades whose taker bought. <see cref="FirstTradeId"/> and <see cref="LastTradeId"/> are kept so a late trade can
/// still be placed correctly.
/// </remarks>
public sealed record Candle(
    InstrumentId Instrument,
    CandleInterval Interval,
    DateTime OpenTime,
    long Count,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    decimal QuoteVolume,
    decimal TakerBuyVolume,
    decimal TakerBuyQuoteVolume,
    DateTime FirstTradeTime,
    TradeId FirstTradeId,
    DateTime LastTradeTime,
    TradeId LastTradeId)
{
    /// <summary>The end of the window (exclusive).</summary>
    public DateTime CloseTime => OpenTime + Interval.Duration;

    /// <summary>Volume-weighted average price, quote volume over volume (rounded to decimal's 28 digits); null when the volume is 0.</summary>
    public decimal? Vwap => Volume == 0m ? null : QuoteVolume / Volume;

    /// <summary>The one-trade candle of <paramref name="trade"/> in its window of <paramref name="interval"/>.</summary>
    public static Candle Of(in Trade trade, CandleInterval interval)
    {
        var takerBuy = trade.Side == TakerSide.Buy;
        return new Candle(
            trade.Instrument, interval, interval.WindowStart(trade.Time), 1,
            trade.Price, trade.Price, trade.Price, trade.Price,
            trade.BaseQuantity, trade.QuoteQuantity,
            takerBuy ? trade.BaseQuantity : 0m, takerBuy ? trade.QuoteQuantity : 0m,
            trade.Time, trade.TradeId, trade.Time, trade.TradeId);
    }

    /// <summary>Combines two aggregates of disjoint trade sets of the same instrument into one for the window of
    /// <paramref name="interval"/> containing this candle (the same window, or a longer one for roll-ups).</summary>
    public Candle Merge(Candle other, CandleInterval interval)
    {
        var otherOpensFirst = TradeOrder.Compare(other.FirstTradeTime, other.FirstTradeId, FirstTradeTime, FirstTradeId) < 0;
        var otherClosesLast = TradeOrder.Compare(other.LastTradeTime, other.LastTradeId, LastTradeTime, LastTradeId) > 0;
        var first = otherOpensFirst ? other : this;
        var last = otherClosesLast ? other : this;
        return new Candle(
            Instrument, interval, interval.WindowStart(OpenTime), Count + other.Count,
            first.Open, Math.Max(High, other.High), Math.Min(Low, other.Low), last.Close,
            Volume + other.Volume, QuoteVolume + other.QuoteVolume,
            TakerBuyVolume + other.TakerBuyVolume, TakerBuyQuoteVolume + other.TakerBuyQuoteVolume,
            first.FirstTradeTime, first.FirstTradeId, last.LastTradeTime, last.LastTradeId);
    }

    /// <summary>Rolls ascending stored candles of one instrument up into candles of a longer <paramref name="interval"/>.</summary>
    public static IReadOnlyList<Candle> RollUp(IEnumerable<Candle> ascending, CandleInterval interval)
    {
        var result = new List<Candle>();
        Candle? current = null;
        foreach (var candle in ascending)
        {
            var start = interval.WindowStart(candle.OpenTime);
            if (current is not null && current.OpenTime == start)
            {
                current = current.Merge(candle, interval);
                continue;
            }
            if (current is not null) result.Add(current);
            current = candle with { Interval = interval, OpenTime = start };
        }
        if (current is not null) result.Add(current);
        return result;
    }
}
