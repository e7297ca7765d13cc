namespace MarketAnalytics.Core.Prices;

/// <summary>The latest prices of one instrument: last taker-buy and taker-sell trade prices and the best bid and ask.</summary>
/// <remarks>Each part is replaced only by a newer one by exchange time, so records arriving out of order never move a price back.
/// Null where nothing of that kind has been seen. <see cref="UpdatedAt"/> is the newest exchange time among the parts.</remarks>
public sealed record CurrentPrice(
    InstrumentId Instrument,
    decimal? BuyPrice,
    DateTime? BuyTime,
    decimal? SellPrice,
    DateTime? SellTime,
    decimal? BidPrice,
    decimal? AskPrice,
    decimal? BidSize,
    decimal? AskSize,
    DateTime? QuoteTime)
{
    public DateTime UpdatedAt => Max(Max(BuyTime, SellTime), QuoteTime) ?? DateTime.MinValue;

    public static CurrentPrice Empty(InstrumentId instrument) => new(instrument, null, null, null, null, null, null, null, null, null);

    /// <summary>This price with <paramref name="trade"/> applied; the same instance when the trade is not newer.</summary>
    public CurrentPrice With(in Trade trade)
    {
        if (!trade.IsMarket) return this;
        if (trade.Side == TakerSide.Buy)
            return BuyTime is { } buy && buy > trade.Time ? this : this with { BuyPrice = trade.Price, BuyTime = trade.Time };
        return SellTime is { } sell && sell > trade.Time ? this : this with { SellPrice = trade.Price, SellTime = trade.Time };
    }

    /// <summary>This price with <paramref name="quote"/> applied; the same instance when the quote is not newer.</summary>
    public CurrentPrice With(in Quote quote) =>
        QuoteTime is { } time && time > quote.Time
            ? this
            : this with { BidPrice = quote.BidPrice, BidSize = quote.BidSize, AskPrice = quote.AskPrice, AskSize = quote.AskSize, QuoteTime = quote.Time };

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
