using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>The exchange's money invariants, checked against an engine's state.</summary>
public static class ExchangeInvariants
{
    /// <summary>Per asset: wallets + blocked + fee account = credits − debits; per user and asset: blocked = the holds of open orders.</summary>
    public static void AssertFundsAndHolds(MatchingEngine engine, IReadOnlyDictionary<string, decimal> net, int userCount)
    {
        var fees = engine.FeeBalances().ToDictionary(b => b.Asset, b => b.Available);
        var open = engine.OpenOrders();
        var totals = engine.Assets.ToDictionary(a => a, a => fees[a]);
        for (long user = 1; user <= userCount; user++)
        {
            foreach (var balance in engine.Balances(user)!)
            {
                Assert.True(balance.Available >= 0 && balance.Blocked >= 0, $"user {user} {balance.Asset} went negative");
                totals[balance.Asset] += balance.Available + balance.Blocked;
                var holds = open.Where(o => o.UserId == user)
                    .Where(o => HoldAsset(engine, o) == balance.Asset)
                    .Sum(o => o.Blocked);
                Assert.Equal(holds, balance.Blocked);
            }
        }
        foreach (var order in open)
        {
            Assert.Equal(order.Quantity, order.FilledQuantity + order.RemainingQuantity + order.CanceledQuantity);
            Assert.True(order.RemainingQuantity > 0);
        }
        var recorded = engine.NetDeposits().ToDictionary(b => b.Asset, b => b.Available);
        foreach (var asset in engine.Assets)
        {
            Assert.Equal(net[asset], totals[asset]);
            Assert.Equal(net[asset], recorded[asset]);
        }
    }

    /// <summary>Per market: the best bid is below the best ask whenever both sides have orders.</summary>
    public static void AssertNotCrossed(MatchingEngine engine)
    {
        for (var m = 0; m < engine.Markets.Count; m++)
        {
            var bid = engine.Depth(m, OrderSide.Buy, 1);
            var ask = engine.Depth(m, OrderSide.Sell, 1);
            if (bid.Count > 0 && ask.Count > 0) Assert.True(bid[0].Price < ask[0].Price, "the book is crossed at rest");
        }
    }

    private static string HoldAsset(MatchingEngine engine, OrderView order)
    {
        engine.TryGetMarket(order.Symbol, out var market);
        return order.Side == OrderSide.Buy ? market.Options.QuoteAsset : market.Options.BaseAsset;
    }
}
