using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>A seeded stream of exchange commands for a handful of users on the default markets, prices near a mid, all on the grid.</summary>
/// <remarks>The mix: limit orders (GTC, IOC, FOK, post-only) with random self-trade modes, market orders, cancels of recent orders
/// and occasional credits and debits. Commands may be rejected (funds, minimum notional), which is part of what is tested. With
/// <paramref name="replaces"/>, half of the cancels of orders remembered with their market and side become cancel-replaces to a
/// new price (which may cross) and quantity; without it the stream is exactly the one it always was.</remarks>
public sealed class RandomCommands(int seed, int users = 6, bool replaces = false)
{
    private readonly Random _random = new(seed);
    private readonly List<(long User, long Order, int Market, OrderSide? Side)> _recent = [];
    private int _references;

    public int Users => users;

    public abstract record Command;

    public sealed record Place(long User, GridOrder Order) : Command;

    public sealed record Cancel(long User, long Order) : Command;

    /// <summary>Cancel-replace of <see cref="Order"/> at <see cref="Price"/> ticks for <see cref="Lots"/> lots.</summary>
    public sealed record Replace(long User, long Order, long Price, long Lots) : Command;

    public sealed record Transfer(long User, string Asset, decimal Amount, string Reference, bool Credit) : Command;

    /// <summary>The credits that open every run: users 1..n get quote and base assets.</summary>
    public IEnumerable<Transfer> Funding()
    {
        for (var user = 1; user <= users; user++)
        {
            yield return new Transfer(user, "USDT", 2_000_000m, $"fund-{user}-usdt", true);
            yield return new Transfer(user, "BTC", 5m, $"fund-{user}-btc", true);
            yield return new Transfer(user, "ETH", 50m, $"fund-{user}-eth", true);
        }
    }

    /// <summary>Remembers a resting order so later cancels can target it (some of them will have filled by then).</summary>
    public void Rested(long user, long orderId) => Remember((user, orderId, 0, null));

    /// <summary>Remembers a resting order with its market and side, so it may also be the target of a cancel-replace.</summary>
    public void Rested(long user, long orderId, int market, OrderSide side) => Remember((user, orderId, market, side));

    private void Remember((long User, long Order, int Market, OrderSide? Side) order)
    {
        if (_recent.Count >= 4096) _recent[_random.Next(_recent.Count)] = order;
        else _recent.Add(order);
    }

    public Command Next()
    {
        var user = _random.Next(1, users + 1);
        var roll = _random.Next(100);
        if (roll < 25 && _recent.Count > 0)
        {
            var index = _random.Next(_recent.Count);
            var target = _recent[index];
            _recent[index] = _recent[^1];
            _recent.RemoveAt(_recent.Count - 1);
            // Now and then someone tries to cancel an order that is not theirs.
            var canceler = _random.Next(20) == 0 ? user : target.User;
            if (replaces && target.Side is { } targetSide && _random.Next(2) == 0)
            {
                // Within 25 ticks of the mid on the order's own side, so some replacements cross the book and trade.
                var targetMid = target.Market == 0 ? 100_000L : 20_000L;
                var newPrice = targetMid + _random.Next(-25, 26) + (targetSide == OrderSide.Buy ? -3 : 3);
                return new Replace(canceler, target.Order, newPrice, target.Market == 0 ? _random.Next(50, 3_000) : _random.Next(2, 300));
            }
            return new Cancel(canceler, target.Order);
        }
        if (roll < 28)
        {
            var asset = _random.Next(3) switch { 0 => "USDT", 1 => "BTC", _ => "ETH" };
            var amount = asset == "USDT" ? _random.Next(1, 5000) : _random.Next(1, 100) / 100m;
            return new Transfer(user, asset, amount, $"t-{seed}-{_references++}", _random.Next(3) != 0);
        }
        var market = _random.Next(2);
        var side = _random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
        var stp = (SelfTradePrevention)_random.Next(1, 5);
        var mid = market == 0 ? 100_000L : 20_000L;
        var price = mid + _random.Next(-25, 26) + (side == OrderSide.Buy ? -3 : 3);
        var lots = market == 0 ? _random.Next(50, 3_000) : _random.Next(2, 300);
        if (roll < 33)
        {
            return side == OrderSide.Buy
                ? new Place(user, new GridOrder(market, side, OrderType.Market, 0, 0, _random.Next(100, 3_000) * Amounts.UnitsPerWhole / 100, Stp: stp))
                : new Place(user, new GridOrder(market, side, OrderType.Market, 0, lots, 0, Stp: stp));
        }
        var tif = roll switch { < 43 => TimeInForce.Ioc, < 48 => TimeInForce.Fok, _ => TimeInForce.Gtc };
        var postOnly = tif == TimeInForce.Gtc && roll < 55;
        return new Place(user, new GridOrder(market, side, OrderType.Limit, price, lots, 0, tif, postOnly, stp));
    }
}
