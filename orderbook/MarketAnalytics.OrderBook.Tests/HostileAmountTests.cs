using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>Amounts at and beyond the engine's bounds, and amounts with more digits than the grid: each is rejected with a reason
/// and changes no balance and no book; none throws.</summary>
public sealed class HostileAmountTests
{
    private const long Time = 638_000_000_000_000_000;
    private readonly MatchingEngine _engine = new(new ExchangeOptions());
    private readonly long _trader;

    public HostileAmountTests()
    {
        _engine.CreateUser("maker");
        _trader = _engine.CreateUser("trader");
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(1, "BTC", 10m, "m-btc"));
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(_trader, "USDT", 1_000_000_000m, "t-usdt"));
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(_trader, "BTC", 1_000_000_000m, "t-btc"));
        Assert.Equal(OrderStatus.Open, _engine.Place(1, new OrderRequest("BTC-USDT", OrderSide.Sell, OrderType.Limit, 50_000m, 1m), Time).Status);
    }

    public static TheoryData<OrderSide, OrderType, decimal?, decimal?, decimal?, string> BeyondTheBounds() => new()
    {
        // The requests: each was journaled, then threw OverflowException in MatchingEngine.ToGrid.
        { OrderSide.Buy, OrderType.Limit, 1_000_000_000_000_000_000_000_000_000m, 0.01m, null, OrderReasons.AmountTooLarge },
        { OrderSide.Buy, OrderType.Limit, 50_000m, 1e24m, null, OrderReasons.AmountTooLarge },
        { OrderSide.Buy, OrderType.Market, null, null, 1e21m, OrderReasons.AmountTooLarge },
        { OrderSide.Buy, OrderType.Limit, 50_000m, 0.01m, decimal.MaxValue, OrderReasons.AmountTooLarge },
        { OrderSide.Sell, OrderType.Limit, decimal.MaxValue, decimal.MaxValue, null, OrderReasons.AmountTooLarge },
        { OrderSide.Sell, OrderType.Market, null, decimal.MaxValue, null, OrderReasons.AmountTooLarge },
        { OrderSide.Buy, OrderType.Limit, decimal.MinValue, 0.01m, null, OrderReasons.InvalidPrice },
        { OrderSide.Sell, OrderType.Limit, 50_000m, decimal.MinValue, null, OrderReasons.InvalidQuantity },
        // Just beyond: a price of 10⁹ + one tick, and a limit order whose value plus the taker fee exceeds 10⁹ USDT.
        { OrderSide.Buy, OrderType.Limit, 1_000_000_000.01m, 0.00001m, null, OrderReasons.AmountTooLarge },
        { OrderSide.Buy, OrderType.Limit, 1_000_000_000m, 1m, null, OrderReasons.AmountTooLarge },
        { OrderSide.Sell, OrderType.Limit, 100_000m, 10_000.00001m, null, OrderReasons.AmountTooLarge },
        // More digits than the grid, which the engine must not round onto it.
        { OrderSide.Buy, OrderType.Limit, 50_000m, 0.0100000000000000000000000001m, null, OrderReasons.QuantityOffLot },
        { OrderSide.Buy, OrderType.Limit, 50_000.0000000000000000000001m, 0.01m, null, OrderReasons.PriceOffTick },
        { OrderSide.Buy, OrderType.Market, null, null, 100.0000000000000000000000001m, OrderReasons.InvalidFunds },
    };

    [Theory]
    [MemberData(nameof(BeyondTheBounds))]
    public void An_order_beyond_the_bounds_is_rejected_with_a_reason_and_changes_no_balance_or_book(
        OrderSide side, OrderType type, decimal? price, decimal? quantity, decimal? funds, string reason)
    {
        var before = Snapshot();

        var outcome = _engine.Place(_trader, new OrderRequest("BTC-USDT", side, type, price, quantity, funds), Time + 1);

        Assert.Equal((OrderStatus.Rejected, reason), (outcome.Status, outcome.Reason));
        Assert.Empty(_engine.Fills);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Orders_exactly_at_the_bounds_are_accepted()
    {
        var buyer = _engine.CreateUser("buyer");
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(buyer, "USDT", 1_000_000_000m, "b-usdt"));
        PlaceAccepted(_trader, OrderSide.Sell, OrderType.Limit, 100_000m, 10_000m, null);
        PlaceAccepted(_trader, OrderSide.Sell, OrderType.Limit, 1_000_000_000m, 0.00001m, null);
        PlaceAccepted(_trader, OrderSide.Buy, OrderType.Limit, 0.01m, 1_000_000_000m, null);
        PlaceAccepted(buyer, OrderSide.Buy, OrderType.Market, null, null, 1_000_000_000m);
        Assert.Equal(WalletOutcome.Applied, _engine.Debit(buyer, "USDT", _engine.Balances(buyer)!.Single(b => b.Asset == "USDT").Available, "out"));
    }

    private void PlaceAccepted(long user, OrderSide side, OrderType type, decimal? price, decimal? quantity, decimal? funds)
    {
        var outcome = _engine.Place(user, new OrderRequest("BTC-USDT", side, type, price, quantity, funds), Time);
        Assert.NotEqual(OrderStatus.Rejected, outcome.Status);
    }

    [Fact]
    public void A_cancel_replace_to_a_price_beyond_the_bounds_cancels_the_old_order_and_rejects_the_new_one()
    {
        var old = _engine.Place(_trader, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Limit, 40_000m, 0.5m), Time).OrderId;

        var replaced = _engine.Replace(_trader, old, 1e27m, 0.01m, Time + 1);

        Assert.Equal(CancelOutcome.Canceled, replaced.Old);
        Assert.Equal((OrderStatus.Rejected, OrderReasons.AmountTooLarge), (replaced.New.Status, replaced.New.Reason));
        Assert.Equal(0m, _engine.Balances(_trader)!.Single(b => b.Asset == "USDT").Blocked);
    }

    [Fact]
    public void Transfer_amounts_with_more_than_eight_decimals_are_refused_never_rounded()
    {
        Assert.False(Amounts.TryToUnits(100.000000000000000000000001m, out _));
        Assert.False(Amounts.TryToUnits(1.0000000000000000000000000001m, out _));
        Assert.True(Amounts.TryToUnits(1.00000001000000000000m, out var units));
        Assert.Equal(100_000_001, units);
        var before = Snapshot();
        Assert.Equal(WalletOutcome.InvalidAmount, _engine.Credit(_trader, "ETH", 1.0000000000000000000000000001m, "round-me"));
        Assert.Equal(WalletOutcome.InvalidAmount, _engine.Debit(_trader, "USDT", 0.000000001m, "round-me-too"));
        Assert.Equal(WalletOutcome.InvalidAmount, _engine.Credit(_trader, "ETH", decimal.MaxValue, "huge"));
        Assert.Equal(WalletOutcome.InvalidAmount, _engine.Credit(_trader, "ETH", decimal.MinValue, "negative"));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Credits_stop_at_the_balance_bound_and_at_the_exchange_total_of_an_asset()
    {
        var exchange = new MatchingEngine(new ExchangeOptions());
        for (var user = 1; user <= 11; user++) exchange.CreateUser($"k{user}");
        Assert.Equal(WalletOutcome.Applied, exchange.Credit(1, "ETH", 1_000_000_000m, "a"));
        Assert.Equal(WalletOutcome.InvalidAmount, exchange.Credit(1, "ETH", 0.00000001m, "b"));
        for (var user = 2; user <= 10; user++) Assert.Equal(WalletOutcome.Applied, exchange.Credit(user, "ETH", 1_000_000_000m, "a"));

        // Ten billion ETH is the exchange's total: no wallet and no sum of them can come near 2⁶³ units.
        Assert.Equal(WalletOutcome.InvalidAmount, exchange.Credit(11, "ETH", 0.00000001m, "a"));
        Assert.Equal(10_000_000_000m, exchange.NetDeposits().Single(b => b.Asset == "ETH").Available);
    }

    [Fact]
    public void A_budget_never_affords_lots_whose_cost_would_overflow()
    {
        // An ask worth more than 2⁶³ units, as a version without the value bound could have rested it: no budget buys any of it.
        var market = _engine.Markets[0];
        Assert.Equal(0, market.AffordableLots(Amounts.MaxGridCount, Amounts.MaxBalance, Amounts.MaxGridCount));
        Assert.Equal(2, market.AffordableLots(5_000_000, 100_200_000, 10));
    }

    private string Snapshot() =>
        string.Join(";", Enumerable.Range(1, 2).SelectMany(u => _engine.Balances(u)!).Select(b => $"{b.Asset}:{b.Available}/{b.Blocked}"))
        + "|" + string.Join(";", _engine.Depth(0, OrderSide.Buy, 100).Concat(_engine.Depth(0, OrderSide.Sell, 100)))
        + "|" + string.Join(";", _engine.FeeBalances());
}
