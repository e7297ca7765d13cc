using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>The benchmark's command mix on one market: 9% new GTC, 3% IOC, 6% cancel, 82% cancel-replace (cancel + new GTC),
/// from 100 funded users, seeded.</summary>
/// <remarks>Resting orders sit 1–20 ticks off the mid on their own side (about 10,000 of them); IOC orders cross up to 5 ticks, so they trade. One
/// <see cref="Step"/> is one command of the mix (a cancel-replace is one command made of two engine calls).</remarks>
public sealed class OrderFlow
{
    private const int Users = 100;
    private const long Mid = 5_000_000;
    private const int RestingCap = 10_000;
    private readonly List<long> resting = new(16_384);
    private readonly List<long> owners = new(16_384);
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

    /// <summary>Engine calls made so far (a cancel-replace counts two).</summary>
    public long EngineCalls { get; private set; }

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
        if (roll < 9) return new FlowCommand(FlowKind.Place, 0, 0, Resting());
        if (roll < 12) return new FlowCommand(FlowKind.Place, 0, 0, Taker());
        var (user, order) = TakeResting();
        return roll < 18
            ? new FlowCommand(FlowKind.Cancel, user, order, default)
            : new FlowCommand(FlowKind.CancelReplace, user, order, Resting());
    }

    public void Apply(in FlowCommand command, long time)
    {
        if (command.Kind != FlowKind.Place && command.OrderId != 0)
        {
            Engine.Cancel(command.CancelUser, command.OrderId, time);
            EngineCalls++;
        }
        if (command.Kind == FlowKind.Cancel) return;
        var user = command.Kind == FlowKind.CancelReplace && command.CancelUser != 0 ? command.CancelUser : (long)(Random() % Users) + 1;
        var outcome = Engine.Place(user, command.Order, time);
        EngineCalls++;
        if (outcome.Status is OrderStatus.Open or OrderStatus.PartiallyFilled)
        {
            resting.Add(outcome.OrderId);
            owners.Add(user);
        }
    }

    private GridOrder Resting()
    {
        var buy = (Random() & 1) == 0;
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

    private (long User, long Order) TakeResting()
    {
        if (resting.Count == 0) return (0, 0);
        var index = (int)(Random() % (ulong)resting.Count);
        var taken = (owners[index], resting[index]);
        resting[index] = resting[^1];
        owners[index] = owners[^1];
        resting.RemoveAt(resting.Count - 1);
        owners.RemoveAt(owners.Count - 1);
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
