using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

public sealed class ReplaceTests
{
    private static readonly long Start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void Replace_reports_the_canceled_and_the_new_order_their_wallet_and_both_levels_as_changed()
    {
        var engine = new MatchingEngine(new ExchangeOptions { ClosedOrdersPerUser = 0 });
        var user = engine.CreateUser("key");
        engine.Credit(user, "USDT", 1_000m, "fund");
        var old = engine.Place(user, new GridOrder(0, OrderSide.Buy, OrderType.Limit, 10_000, 1_000, 0), Start);

        var outcome = engine.Replace(user, old.OrderId, 10_001, 2_000, Start + 1);

        Assert.Equal(CancelOutcome.Canceled, outcome.Old);
        Assert.Equal(OrderStatus.Open, outcome.New.Status);
        // Views of both orders are readable until the next command, even though the canceled one is no longer retained.
        var touched = engine.TouchedOrders.Select(o => engine.View(o)).ToList();
        Assert.Equal([(old.OrderId, OrderStatus.Canceled, OrderReasons.Replaced), (outcome.New.OrderId, OrderStatus.Open, null)],
            touched.Select(o => (o.OrderId, o.Status, o.Reason)));
        Assert.Equal([new WalletChange(user, engine.Assets.ToList().IndexOf("USDT"))], engine.TouchedWallets);
        Assert.Equal([new BookChange(0, OrderSide.Buy, 10_000), new BookChange(0, OrderSide.Buy, 10_001)], engine.TouchedLevels);
        Assert.Null(engine.GetOrder(old.OrderId));
    }

    [Fact]
    public void Replace_leaves_the_same_state_as_cancel_then_place_when_no_history_is_kept()
    {
        var options = new ExchangeOptions { ClosedOrdersPerUser = 0 };
        var replacing = new MatchingEngine(options);
        var separate = new MatchingEngine(options);
        var generator = new RandomCommands(seed: 99, replaces: true);
        var replaces = 0;
        foreach (var engine in new[] { replacing, separate })
        {
            for (var user = 1; user <= generator.Users; user++) engine.CreateUser($"key-{user}");
            foreach (var f in generator.Funding()) engine.Credit(f.User, f.Asset, f.Amount, f.Reference);
        }
        for (var i = 0; i < 30_000; i++)
        {
            var time = Start + i;
            switch (generator.Next())
            {
                case RandomCommands.Replace r:
                    var old = separate.GetOrder(r.Order);
                    var outcome = replacing.Replace(r.User, r.Order, r.Price, r.Lots, time);
                    Assert.Equal(outcome.Old, separate.Cancel(r.User, r.Order, time));
                    if (outcome.Old != CancelOutcome.Canceled) break;
                    replaces++;
                    separate.TryGetMarket(old!.Symbol, out var market);
                    var placed = separate.Place(r.User, new GridOrder(market.Index, old.Side, old.Type, r.Price, r.Lots, 0, old.TimeInForce,
                        old.PostOnly, old.Stp), time);
                    Assert.Equal(outcome.New, placed);
                    if (placed.Status is OrderStatus.Open or OrderStatus.PartiallyFilled) generator.Rested(r.User, placed.OrderId, market.Index, old.Side);
                    break;
                case RandomCommands.Cancel c:
                    Assert.Equal(replacing.Cancel(c.User, c.Order, time), separate.Cancel(c.User, c.Order, time));
                    break;
                case RandomCommands.Transfer t:
                    Assert.Equal(t.Credit ? replacing.Credit(t.User, t.Asset, t.Amount, t.Reference) : replacing.Debit(t.User, t.Asset, t.Amount, t.Reference),
                        t.Credit ? separate.Credit(t.User, t.Asset, t.Amount, t.Reference) : separate.Debit(t.User, t.Asset, t.Amount, t.Reference));
                    break;
                case RandomCommands.Place p:
                    var a = replacing.Place(p.User, p.Order, time);
                    Assert.Equal(a, separate.Place(p.User, p.Order, time));
                    if (a.Status is OrderStatus.Open or OrderStatus.PartiallyFilled) generator.Rested(p.User, a.OrderId, p.Order.Market, p.Order.Side);
                    break;
            }
            if (i % 1_000 == 0) Assert.Equal(separate.StateHash(), replacing.StateHash());
        }
        Assert.True(replaces > 1_000, $"only {replaces} replaces were applied");
        Assert.Equal(separate.StateHash(), replacing.StateHash());
    }

    [Fact]
    public void A_restored_snapshot_has_the_same_hash_and_evolves_the_same_after_orders_were_pooled_and_reused()
    {
        // A short history makes the engine forget and reuse order objects all the time.
        var options = new ExchangeOptions { ClosedOrdersPerUser = 3 };
        var original = new MatchingEngine(options);
        var generator = new RandomCommands(seed: 5, replaces: true);
        for (var user = 1; user <= generator.Users; user++) original.CreateUser($"key-{user}");
        foreach (var f in generator.Funding()) original.Credit(f.User, f.Asset, f.Amount, f.Reference);
        var commands = new List<RandomCommands.Command>();
        for (var i = 0; i < 20_000; i++)
        {
            var command = generator.Next();
            commands.Add(command);
            Apply(original, command, Start + i, generator);
        }

        var restored = Restore(original, options);
        Assert.Equal(original.StateHash(), restored.StateHash());
        Assert.Equal(original.OpenOrders(), restored.OpenOrders());
        // The same commands again, to both: pooled objects in one and fresh ones in the other must not make a difference.
        for (var i = 0; i < commands.Count; i++)
        {
            Apply(original, commands[i], Start + 20_000 + i, null);
            Apply(restored, commands[i], Start + 20_000 + i, null);
        }
        Assert.Equal(original.StateHash(), restored.StateHash());
        Assert.Equal(original.StateHash(), Restore(original, options).StateHash());
    }

    private static MatchingEngine Restore(MatchingEngine engine, ExchangeOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) engine.WriteState(writer);
        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        return MatchingEngine.ReadState(options, reader);
    }

    private static void Apply(MatchingEngine engine, RandomCommands.Command command, long time, RandomCommands? generator)
    {
        switch (command)
        {
            case RandomCommands.Replace r:
                var replaced = engine.Replace(r.User, r.Order, r.Price, r.Lots, time).New;
                if (replaced.Status is OrderStatus.Open or OrderStatus.PartiallyFilled && engine.GetOrder(replaced.OrderId) is { } view)
                    generator?.Rested(r.User, replaced.OrderId, view.Symbol == engine.Markets[0].Symbol ? 0 : 1, view.Side);
                break;
            case RandomCommands.Cancel c:
                engine.Cancel(c.User, c.Order, time);
                break;
            case RandomCommands.Transfer t:
                if (t.Credit) engine.Credit(t.User, t.Asset, t.Amount, t.Reference);
                else engine.Debit(t.User, t.Asset, t.Amount, t.Reference);
                break;
            case RandomCommands.Place p:
                var placed = engine.Place(p.User, p.Order, time);
                if (placed.Status is OrderStatus.Open or OrderStatus.PartiallyFilled) generator?.Rested(p.User, placed.OrderId, p.Order.Market, p.Order.Side);
                break;
        }
    }
}
