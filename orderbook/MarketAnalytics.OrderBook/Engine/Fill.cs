namespace MarketAnalytics.OrderBook.Engine;

/// <summary>One trade between a taker and a resting maker, in engine units.</summary>
/// <remarks>The trade is at the maker's price. <see cref="Notional"/> and the fees are in quote units of 10⁻⁸; <see cref="Lots"/> in the
/// market's lots; <see cref="Time"/> in UTC ticks, the time of the command that caused it.</remarks>
public readonly record struct Fill(
    long TradeId,
    int Market,
    long Price,
    long Lots,
    long Notional,
    OrderSide TakerSide,
    long TakerOrderId,
    long MakerOrderId,
    long TakerUserId,
    long MakerUserId,
    long TakerFee,
    long MakerFee,
    long Time);
