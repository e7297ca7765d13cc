using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>The benchmark's command mix on one market: 9% new GTC, 3% IOC, 6% cancel, 82% cancel-replace of a resting order to a new
/// price and quantity (<see cref="MatchingEngine.Replace(long, long, long, long, long, string?)"/>), from 100 funded users, seeded.</summary>
/// <remarks>Resting orders sit 1–20 ticks off the mid on their own side (about 10,000 of them); IOC orders cross up to 5 ticks, so
/// they trade. One <see cref="Step"/> is one command of the mix and one engine call. Every choice of a command comes from separate
/// bits of one 64-bit random draw, so generating the mix costs little next to applying it.</remarks>
public sealed class OrderFlow
{
    private const int Users = 100;
    private const long Mid = 5_000_000;
    private const int RestingCap = 10_000;
    private (long Order, long User, OrderSide Side)[] _resting = new (long, long, OrderSide)[2 * RestingCap];
    private int _restingCount;
    private ulong _state;

    public OrderFlow(MatchingEngine engine, ulong seed = 0x9E3779B97F4A7C15)
    {
        Engine = engine;
        _state = seed;
        for (var user = 1; user <= Users; user++)
        {
            var id = engine.CreateUser($"bench-{user}");
            engine.Credit(id, "USDT", 5_000_000m, $"bench-usdt-{user}");
            engine.Credit(id, "BTC", 1_000m, $"bench-btc-{user}");
        }
    }

    public MatchingEngine Engine { get; }

    /// <summary>A fresh engine with the default markets and no retained final orders (the benchmark keeps no history).</summary>
    public static MatchingEngine NewEngine() => new(new ExchangeOptions { ClosedOrdersPerUser = 0 });

    /// <summary>Generates and applies one command of the mix.</summary>
    public void Step(long time) => Apply(Next(), time);

    /// <summary>The next command of the mix; cancel targets are taken from the resting orders known so far.</summary>
    /// <remarks>Bits of the draw: 0–15 the kind, 16 the side, 17–31 the price offset, 32–47 the quantity, 48–63 which resting order
    /// (or which user places a new order).</remarks>
    public FlowCommand Next()
    {
        var draw = Random();
        var roll = (int)((draw & 0xFFFF) * 100 >> 16);
        // Keep the book at a realistic size: beyond the cap a new resting order replaces one instead of adding to it.
        if (roll < 9 && _restingCount >= RestingCap) roll = 20;
        var pick = (int)(draw >> 48);
        if (roll < 9) return new FlowCommand(FlowKind.Place, 0, 0, Resting((draw >> 16 & 1) == 0 ? OrderSide.Buy : OrderSide.Sell, draw), pick);
        if (roll < 12) return new FlowCommand(FlowKind.Place, 0, 0, Taker(draw), pick);
        if (_restingCount == 0) return new FlowCommand(FlowKind.Place, 0, 0, Resting(OrderSide.Buy, draw), pick);
        var index = (int)((uint)pick * (ulong)_restingCount >> 16);
        var (order, user, side) = _resting[index];
        _resting[index] = _resting[--_restingCount];
        return roll < 18
            ? new FlowCommand(FlowKind.Cancel, user, order, default, 0)
            : new FlowCommand(FlowKind.CancelReplace, user, order, Resting(side, draw), 0);
    }

    public void Apply(in FlowCommand command, long time)
    {
        PlaceOutcome outcome;
        long user;
        if (command.Kind == FlowKind.Cancel)
        {
            Engine.Cancel(command.CancelUser, command.OrderId, time);
            return;
        }
        if (command.Kind == FlowKind.CancelReplace)
        {
            user = command.CancelUser;
            outcome = Engine.Replace(user, command.OrderId, command.Order.Price, command.Order.Lots, time).New;
        }
        else
        {
            user = command.Pick % Users + 1;
            outcome = Engine.Place(user, command.Order, time);
        }
        if (outcome.Status is not (OrderStatus.Open or OrderStatus.PartiallyFilled)) return;
        // Commands generated ahead in a batch (the journal run) all see the count from before it, so the cap can be overshot.
        if (_restingCount == _resting.Length) Array.Resize(ref _resting, _restingCount * 2);
        _resting[_restingCount++] = (outcome.OrderId, user, command.Order.Side);
    }

    /// <summary>A GTC limit order 1–20 ticks off the mid on <paramref name="side"/>; a replacement keeps its old order's side.</summary>
    private static GridOrder Resting(OrderSide side, ulong draw)
    {
        var offset = (long)((draw >> 17 & 0x7FFF) * 20 >> 15) + 1;
        return new GridOrder(0, side, OrderType.Limit, side == OrderSide.Buy ? Mid - offset : Mid + offset, Lots(draw), 0);
    }

    /// <summary>An IOC limit order crossing 1–5 ticks past the mid.</summary>
    private static GridOrder Taker(ulong draw)
    {
        var buy = (draw >> 16 & 1) == 0;
        var offset = (long)((draw >> 17 & 0x7FFF) * 5 >> 15) + 1;
        return new GridOrder(0, buy ? OrderSide.Buy : OrderSide.Sell, OrderType.Limit, buy ? Mid + offset : Mid - offset, Lots(draw), 0,
            TimeInForce.Ioc);
    }

    private static long Lots(ulong draw) => (long)((draw >> 32 & 0xFFFF) * 1_000 >> 16) + 10;

    private ulong Random()
    {
        _state ^= _state << 13;
        _state ^= _state >> 7;
        _state ^= _state << 17;
        return _state;
    }
}
