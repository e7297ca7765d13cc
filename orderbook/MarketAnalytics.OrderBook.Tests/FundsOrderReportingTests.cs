using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>A market buy sized by funds reports its quantities in both units consistently.</summary>
public sealed class FundsOrderReportingTests
{
    private const long Time = 638_000_000_000_000_000;

    [Fact]
    public void A_market_buy_with_funds_reports_what_it_bought_and_how_its_funds_split()
    {
        var engine = new MatchingEngine(new ExchangeOptions());
        var seller = engine.CreateUser("seller");
        var buyer = engine.CreateUser("buyer");
        engine.Credit(seller, "BTC", 1m, "s");
        engine.Credit(buyer, "USDT", 10_000m, "b");
        engine.Place(seller, new OrderRequest("BTC-USDT", OrderSide.Sell, OrderType.Limit, 50_000m, 0.1m), Time);

        var placed = engine.Place(buyer, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Market, null, null, 1_000m), Time + 1);
        var order = engine.GetOrder(placed.OrderId)!;

        // 1,000 USDT buys 0.01996 BTC at 50,000 with the 0.20 % taker fee (998 + 1.996); the 0.004 left cannot buy a lot.
        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(0.01996m, order.FilledQuantity);
        Assert.Equal(order.Quantity, order.FilledQuantity + order.RemainingQuantity + order.CanceledQuantity);
        Assert.Equal((998m, 1.996m), (order.FilledQuote, order.Fees));
        Assert.Equal((1_000m, 999.996m, 0m, 0.004m), (order.Funds, order.SpentFunds, order.RemainingFunds, order.CanceledFunds));
        Assert.Equal(order.Funds, order.SpentFunds + order.RemainingFunds + order.CanceledFunds);
    }

    [Fact]
    public void A_rejected_market_buy_with_funds_cancels_its_whole_budget()
    {
        var engine = new MatchingEngine(new ExchangeOptions());
        var buyer = engine.CreateUser("buyer");

        var placed = engine.Place(buyer, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Market, null, null, 500m), Time);
        var order = engine.GetOrder(placed.OrderId)!;

        Assert.Equal((OrderStatus.Rejected, OrderReasons.InsufficientFunds), (order.Status, order.Reason));
        Assert.Equal((0m, 0m, 0m, 0m), (order.Quantity, order.FilledQuantity, order.RemainingQuantity, order.CanceledQuantity));
        Assert.Equal((500m, 0m, 0m, 500m), (order.Funds, order.SpentFunds, order.RemainingFunds, order.CanceledFunds));
    }

    [Fact]
    public void Orders_sized_by_quantity_have_no_funds_split()
    {
        var engine = new MatchingEngine(new ExchangeOptions());
        var seller = engine.CreateUser("seller");
        engine.Credit(seller, "BTC", 1m, "s");

        var order = engine.GetOrder(engine.Place(seller, new OrderRequest("BTC-USDT", OrderSide.Sell, OrderType.Limit, 50_000m, 0.1m), Time).OrderId)!;

        Assert.Equal((0.1m, (decimal?)null, (decimal?)null, (decimal?)null, (decimal?)null),
            (order.Quantity, order.Funds, order.SpentFunds, order.RemainingFunds, order.CanceledFunds));
    }
}
