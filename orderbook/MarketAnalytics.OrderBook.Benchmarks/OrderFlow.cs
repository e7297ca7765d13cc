using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>The benchmark's command mix on one market: 9% new GTC, 3% IOC, 6% cancel, 82% cancel-replace of a resting order to a new
/// price and quantity (<see cref="MatchingEngine.Replace(long, long, long, long, long, string?)"/>), from 100 funded users, seeded.</summary>
/// <remarks>Resting orders sit 1–20 ticks off the mid on their own side (about 10,000 of them); IOC orders cross up to 5 ticks, so
/// they trade. One <see cref="Step"/> is one command of the mix and one engine call.</remarks>
public sealed class OrderFlow
{
    private const int Users = 100;
    private const long Mid = 5_000_000;
    private const int RestingCap = 10_000;
    private readonly List<(long Order, long User, OrderSide Side)> resting = new(16_384);
    private ulong state;

    public OrderFlow(MatchingEngine engine, ulong seed = 0x9E3779B97F4A7C15)
    {
        Engine = engine;
        state = seed;
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
    public FlowCommand Next()
    {
        var roll = Random() % 100;
        // Keep the book at a realistic size: beyond the cap a new resting order replaces one instead of adding to it.
        if (roll < 9 && resting.Count >= RestingCap) roll = 20;
        if (roll < 9) return new FlowCommand(FlowKind.Place, 0, 0, Resting(RandomSide()));
        if (roll < 12) return new FlowCommand(FlowKind.Place, 0, 0, Taker());
        var (order, user, side) = TakeResting();
        return roll < 18
            ? new FlowCommand(FlowKind.Cancel, user, order, default)
            : new FlowCommand(FlowKind.CancelReplace, user, order, Resting(order != 0 ? side : RandomSide()));
    }

    public void Apply(in FlowCommand command, long time)
    {
        PlaceOutcome outcome;
        long user;
        if (command.Kind == FlowKind.Cancel)
        {
            if (command.OrderId != 0) Engine.Cancel(command.CancelUser, command.OrderId, time);
            return;
        }
        if (command.Kind == FlowKind.CancelReplace && command.OrderId != 0)
        {
            user = command.CancelUser;
            outcome = Engine.Replace(user, command.OrderId, command.Order.Price, command.Order.Lots, time).New;
        }
        else
        {
            user = (long)(Random() % Users) + 1;
            outcome = Engine.Place(user, command.Order, time);
        }
        if (outcome.Status is OrderStatus.Open or OrderStatus.PartiallyFilled) resting.Add((outcome.OrderId, user, command.Order.Side));
    }

    private OrderSide RandomSide() => (Random() & 1) == 0 ? OrderSide.Buy : OrderSide.Sell;

    /// <summary>A GTC limit order on <paramref name="side"/>; a replacement keeps its old order's side, so it gets one too.</summary>
    private GridOrder Resting(OrderSide side)
    {
        var buy = side == OrderSide.Buy;
        var offset = (long)(Random() % 20) + 1;
        return new GridOrder(0, buy ? OrderSide.Buy : OrderSide.Sell, OrderType.Limit, buy ? Mid - offset : Mid + offset,
            (long)(Random() % 1_000) + 10, 0);
    }

    private GridOrder Taker()
    {
        var buy = (Random() & 1) == 0;
        var offset = (long)(Random() % 5) + 1;
        return new GridOrder(0, buy ? OrderSide.Buy : OrderSide.Sell, OrderType.Limit, buy ? Mid + offset : Mid - offset,
            (long)(Random() % 1_000) + 10, 0, TimeInForce.Ioc);
    }

    private (long Order, long User, OrderSide Side) TakeResting()
    {
        if (resting.Count == 0) return default;
        // Multiply-shift instead of a modulo: a 64-bit division would cost the harness more than some engine commands.
        var index = (int)(((Random() >> 32) * (ulong)resting.Count) >> 32);
        var taken = resting[index];
        resting[index] = resting[^1];
        resting.RemoveAt(resting.Count - 1);
        return taken;
    }

    private ulong Random()
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
}
