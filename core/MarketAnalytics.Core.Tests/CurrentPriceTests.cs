using MarketAnalytics.Core.Prices;

namespace MarketAnalytics.Core.Tests;

public class CurrentPriceTests
{
    private static readonly InstrumentId Xbt = InstrumentId.Parse("bitmex:XBTUSD");
    private static readonly DateTime Noon = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Trades_set_the_price_of_their_taker_side()
    {
        var price = CurrentPrice.Empty(Xbt)
            .With(new Trade(Xbt, "a", Noon, 91000.5m, 1m, 1m, TakerSide.Buy))
            .With(new Trade(Xbt, "b", Noon.AddSeconds(1), 90999.5m, 1m, 1m, TakerSide.Sell));

        Assert.Equal((91000.5m, Noon, 90999.5m, Noon.AddSeconds(1)), (price.BuyPrice, price.BuyTime, price.SellPrice, price.SellTime));
        Assert.Equal(Noon.AddSeconds(1), price.UpdatedAt);
    }

    [Fact]
    public void An_older_trade_changes_nothing()
    {
        var price = CurrentPrice.Empty(Xbt).With(new Trade(Xbt, "b", Noon, 91000m, 1m, 1m, TakerSide.Buy));

        Assert.Same(price, price.With(new Trade(Xbt, "a", Noon.AddTicks(-1), 1m, 1m, 1m, TakerSide.Buy)));
    }

    [Fact]
    public void A_non_market_trade_changes_nothing()
    {
        var price = CurrentPrice.Empty(Xbt);

        Assert.Same(price, price.With(new Trade(Xbt, "a", Noon, 1m, 1m, 1m, TakerSide.Buy, IsMarket: false)));
    }

    [Fact]
    public void An_older_quote_changes_nothing_and_a_newer_one_replaces_all_of_it()
    {
        var price = CurrentPrice.Empty(Xbt).With(new Quote(Xbt, Noon, 90999.5m, 12m, 91000m, 3m));

        Assert.Same(price, price.With(new Quote(Xbt, Noon.AddMilliseconds(-1), 1m, 1m, 2m, 1m)));
        var newer = price.With(new Quote(Xbt, Noon.AddMilliseconds(1), 91001m, 0m, 91001.5m, 7m));
        Assert.Equal((91001m, 0m, 91001.5m, 7m, Noon.AddMilliseconds(1)),
            (newer.BidPrice, newer.BidSize, newer.AskPrice, newer.AskSize, newer.QuoteTime));
        Assert.Null(newer.BuyPrice);
    }

    [Fact]
    public void An_empty_price_was_updated_never() => Assert.Equal(DateTime.MinValue, CurrentPrice.Empty(Xbt).UpdatedAt);
}
