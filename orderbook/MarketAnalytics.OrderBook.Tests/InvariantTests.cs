using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

public sealed class InvariantTests
{
    private static readonly long Start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void One_hundred_fifty_thousand_random_commands_trade_exactly_as_an_independent_reference_model() =>
        Run(seed: 20261121, commands: 150_000, withReference: true);

    [Fact]
    public void One_hundred_fifty_thousand_random_commands_with_cancel_replaces_trade_exactly_as_the_reference_model() =>
        Run(seed: 20261122, commands: 150_000, withReference: true, replaces: true);

    [Fact]
    public void Two_million_random_commands_keep_funds_conserved_holds_exact_and_the_book_uncrossed() =>
        Run(seed: 7, commands: 2_000_000, withReference: false);

    /// <summary>Feeds seeded commands to an engine; checks every order's quantities and the top of book after each command, funds
    /// and holds periodically, and with <paramref name="withReference"/> every trade and, periodically, the whole book against
    /// <see cref="ReferenceBook"/>.</summary>
    private static void Run(int seed, int commands, bool withReference, bool replaces = false)
    {
        var engine = new MatchingEngine(new ExchangeOptions { ClosedOrdersPerUser = 0 });
        var generator = new RandomCommands(seed, replaces: replaces);
        var references = engine.Markets.Select(m => new ReferenceBook(m.Options)).ToArray();
        var net = engine.Assets.ToDictionary(a => a, _ => 0m);
        for (var user = 1; user <= generator.Users; user++) engine.CreateUser($"key-{user}");
        foreach (var funding in generator.Funding()) Apply(engine, funding, net);

        for (var i = 0; i < commands; i++)
        {
            var command = generator.Next();
            var time = Start + i;
            switch (command)
            {
                case RandomCommands.Transfer transfer:
                    Apply(engine, transfer, net);
                    break;
                case RandomCommands.Cancel cancel:
                    var before = engine.GetOrder(cancel.Order);
                    var outcome = engine.Cancel(cancel.User, cancel.Order, time);
                    CompareCancel(engine, withReference ? references : null, before, cancel.User, cancel.Order, outcome);
                    break;
                case RandomCommands.Replace replace:
                    var old = engine.GetOrder(replace.Order);
                    var replaced = engine.Replace(replace.User, replace.Order, replace.Price, replace.Lots, time);
                    CompareCancel(engine, withReference ? references : null, old, replace.User, replace.Order, replaced.Old);
                    if (replaced.Old != CancelOutcome.Canceled)
                    {
                        Assert.Equal(new PlaceOutcome(0, OrderStatus.Rejected, OrderReasons.OldOrderNotCanceled), replaced.New);
                        Assert.Empty(engine.Fills);
                        break;
                    }
                    Assert.True(engine.TryGetMarket(old!.Symbol, out var market));
                    var order = new GridOrder(market.Index, old.Side, old.Type, replace.Price, replace.Lots, 0, old.TimeInForce, old.PostOnly, old.Stp);
                    Compare(engine, withReference ? references : null, new RandomCommands.Place(replace.User, order), replaced.New, i);
                    Rested(engine, generator, replace.User, order, replaced.New.OrderId);
                    break;
                case RandomCommands.Place place:
                    var placed = engine.Place(place.User, place.Order, time);
                    Compare(engine, withReference ? references : null, place, placed, i);
                    Rested(engine, generator, place.User, place.Order, placed.OrderId);
                    break;
            }
            ExchangeInvariants.AssertNotCrossed(engine);
            if (withReference && i % 500 == 0) AssertBooksAgree(engine, references);
            if (i % 100_000 == 0) ExchangeInvariants.AssertFundsAndHolds(engine, net, generator.Users);
        }
        if (withReference) AssertBooksAgree(engine, references);
        ExchangeInvariants.AssertFundsAndHolds(engine, net, generator.Users);
    }

    private static void Rested(MatchingEngine engine, RandomCommands generator, long user, in GridOrder order, long id)
    {
        if (engine.GetOrder(id) is { Status: OrderStatus.Open or OrderStatus.PartiallyFilled }) generator.Rested(user, id, order.Market, order.Side);
    }

    /// <summary>Checks a cancel's outcome against the order as it was before and, when it was canceled, cancels it in the reference.</summary>
    private static void CompareCancel(MatchingEngine engine, ReferenceBook[]? references, OrderView? before, long user, long orderId,
        CancelOutcome outcome)
    {
        var expectedOutcome = before is null ? CancelOutcome.NotFound
            : before.UserId != user ? CancelOutcome.NotOwner
            : before.Status is OrderStatus.Open or OrderStatus.PartiallyFilled ? CancelOutcome.Canceled
            : CancelOutcome.AlreadyFinal;
        Assert.Equal(expectedOutcome, outcome);
        if (references is null) return;
        var resting = references.SelectMany(r => r.Orders).FirstOrDefault(o => o.Id == orderId);
        Assert.Equal(resting is not null && resting.User == user, outcome == CancelOutcome.Canceled);
        if (outcome == CancelOutcome.Canceled) references[before!.Symbol == engine.Markets[0].Symbol ? 0 : 1].Cancel(orderId);
    }

    /// <summary>Given the engine's outcome of a new order, runs it in the reference unless rejected; their trades must be equal.</summary>
    private static void Compare(MatchingEngine engine, ReferenceBook[]? references, RandomCommands.Place place, PlaceOutcome outcome, int index)
    {
        var o = place.Order;
        var spec = engine.Markets[o.Market];
        var view = engine.GetOrder(outcome.OrderId);
        if (view is not null && o.Lots > 0)
            Assert.Equal(view.Quantity, view.FilledQuantity + view.RemainingQuantity + view.CanceledQuantity);
        if (view is { Funds: { } funds }) Assert.True(view.FilledQuote + view.Fees <= funds, $"command {index}: a market buy overspent");
        if (references is null) return;
        var reference = references[o.Market];
        if (outcome.Status == OrderStatus.Rejected)
        {
            Assert.Empty(engine.Fills);
            if (outcome.Reason == OrderReasons.PostOnlyWouldTake)
                Assert.True(reference.WouldTake(o.Side == OrderSide.Buy, spec.Price(o.Price)), $"command {index}: post-only rejected without a cross");
            return;
        }
        if (o.PostOnly) Assert.False(reference.WouldTake(o.Side == OrderSide.Buy, spec.Price(o.Price)), $"command {index}: post-only took");
        var expected = reference.Place(outcome.OrderId, place.User, o.Side == OrderSide.Buy,
            o.Type == OrderType.Limit ? spec.Price(o.Price) : null, spec.Quantity(o.Lots), Amounts.ToDecimal(o.Funds), o.TimeInForce, o.Stp,
            out var fokCanceled);
        if (fokCanceled) Assert.Equal(OrderReasons.FillOrKill, outcome.Reason);
        var actual = engine.Fills.Select(f => new ReferenceBook.Trade(spec.Price(f.Price), spec.Quantity(f.Lots), f.MakerOrderId)).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"command {index}: expected trades [{string.Join(", ", expected)}], engine made [{string.Join(", ", actual)}]");
    }

    private static void Apply(MatchingEngine engine, RandomCommands.Transfer transfer, Dictionary<string, decimal> net)
    {
        var outcome = transfer.Credit
            ? engine.Credit(transfer.User, transfer.Asset, transfer.Amount, transfer.Reference)
            : engine.Debit(transfer.User, transfer.Asset, transfer.Amount, transfer.Reference);
        if (outcome == WalletOutcome.Applied) net[transfer.Asset] += transfer.Credit ? transfer.Amount : -transfer.Amount;
        else Assert.Equal(WalletOutcome.InsufficientFunds, outcome);
    }

    private static void AssertBooksAgree(MatchingEngine engine, ReferenceBook[] references)
    {
        for (var m = 0; m < references.Length; m++)
        {
            foreach (var side in new[] { OrderSide.Buy, OrderSide.Sell })
            {
                var actual = engine.Depth(m, side, int.MaxValue).Select(l => (l.Price, l.Quantity, l.OrderCount)).ToList();
                var expected = references[m].Levels(side == OrderSide.Buy);
                Assert.Equal(expected, actual);
            }
        }
    }
}
