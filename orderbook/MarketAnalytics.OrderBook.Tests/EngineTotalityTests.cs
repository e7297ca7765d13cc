using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>The engine is total: commands with amounts at and beyond every bound (and far beyond: decimal's extremes, 30-digit
/// values, off-grid digits) never throw, and after each one the money is conserved, holds equal open orders and the book is not
/// crossed; a rejected order changes no balance.</summary>
public sealed class EngineTotalityTests
{
    private const long Start = 638_000_000_000_000_000;
    private const int Users = 3;

    private abstract record Command;

    private sealed record PlaceCommand(long User, OrderRequest Request) : Command;

    private sealed record ReplaceCommand(long User, long Order, decimal Price, decimal Quantity) : Command;

    private sealed record CancelCommand(long User, long Order) : Command;

    private sealed record TransferCommand(long User, string Asset, decimal Amount, string Reference, bool Credit) : Command;

    // Values at the bounds, one step beyond, far beyond, and ordinary ones that trade.
    private static readonly decimal[] Extremes =
    [
        0m, -0.01m, 0.00000001m, 0.00001m, 0.01m, 0.0100000000000000000000000001m, 1m,
        999_999_999.99m, Amounts.MaxAmount, Amounts.MaxAmount + 0.01m, 1e15m, 1e21m, 1e24m, 1e27m,
        decimal.MaxValue, decimal.MinValue, 79_228_162_514_264_337_593_543_950.335m,
    ];

    private static Gen<decimal> Amount() => Gen.Frequency(
        (3, Gen.Elements(Extremes)),
        (4, Gen.Choose(4_990_000, 5_010_000).Select(cents => cents / 100m)),
        (4, Gen.Choose(1, 200_000).Select(lots => lots / 100_000m)),
        (1, Gen.Choose(1, 1_000).Select(n => n * 1_000_000m)));

    private static Gen<decimal?> Optional() => Gen.Frequency((5, Amount().Select(a => (decimal?)a)), (1, Gen.Constant((decimal?)null)));

    private static Gen<Command> Commands() => Gen.Frequency(
        (6, from user in Gen.Choose(1, Users + 1)
            from symbol in Gen.Elements("BTC-USDT", "ETH-USDT")
            from side in Gen.Elements(OrderSide.Buy, OrderSide.Sell)
            from type in Gen.Elements(OrderType.Limit, OrderType.Limit, OrderType.Market)
            from price in Optional()
            from quantity in Optional()
            from funds in Gen.Frequency((4, Gen.Constant((decimal?)null)), (1, Optional()))
            from tif in Gen.Elements(TimeInForce.Gtc, TimeInForce.Ioc, TimeInForce.Fok)
            from stp in Gen.Elements(SelfTradePrevention.CancelNewest, SelfTradePrevention.CancelOldest, SelfTradePrevention.Decrement)
            select (Command)new PlaceCommand(user, new OrderRequest(symbol, side, type,
                type == OrderType.Market ? null : price, quantity, side == OrderSide.Buy && type == OrderType.Market ? funds ?? price : funds,
                tif, Stp: stp))),
        (2, from user in Gen.Choose(1, Users)
            from order in Gen.Choose(1, 60)
            from price in Amount()
            from quantity in Amount()
            select (Command)new ReplaceCommand(user, order, price, quantity)),
        (1, from user in Gen.Choose(1, Users)
            from order in Gen.Choose(1, 60)
            select (Command)new CancelCommand(user, order)),
        (2, from user in Gen.Choose(1, Users)
            from asset in Gen.Elements("USDT", "BTC", "ETH")
            from amount in Amount()
            from reference in Gen.Elements("a", "b", "c", "d")
            from credit in Gen.Elements(true, true, false)
            select (Command)new TransferCommand(user, asset, amount, reference, credit)));

    [Fact]
    public void Commands_at_and_beyond_the_bounds_never_throw_and_keep_money_conserved() =>
        SeededProperty.Check(Gen.ListOf(Commands()).Resize(120), commands =>
        {
            var engine = new MatchingEngine(new ExchangeOptions());
            var net = engine.Assets.ToDictionary(a => a, _ => 0m);
            for (var user = 1; user <= Users; user++)
            {
                engine.CreateUser($"k{user}");
                foreach (var (asset, amount) in new[] { ("USDT", 500_000_000m), ("BTC", 10_000m), ("ETH", 100_000m) })
                {
                    Assert.Equal(WalletOutcome.Applied, engine.Credit(user, asset, amount, $"seed-{asset}"));
                    net[asset] += amount;
                }
            }
            var time = Start;
            foreach (var command in commands)
            {
                time++;
                Apply(engine, command, net, time);
                ExchangeInvariants.AssertNotCrossed(engine);
                ExchangeInvariants.AssertFundsAndHolds(engine, net, Users);
            }
        }, tests: 150);

    private static void Apply(MatchingEngine engine, Command command, Dictionary<string, decimal> net, long time)
    {
        switch (command)
        {
            case PlaceCommand place:
                var before = Balances(engine);
                var placed = engine.Place(place.User, place.Request, time);
                if (placed.Status == OrderStatus.Rejected) Assert.Equal(before, Balances(engine));
                break;
            case ReplaceCommand replace:
                engine.Replace(replace.User, replace.Order, replace.Price, replace.Quantity, time);
                break;
            case CancelCommand cancel:
                engine.Cancel(cancel.User, cancel.Order, time);
                break;
            case TransferCommand transfer:
                var outcome = transfer.Credit
                    ? engine.Credit(transfer.User, transfer.Asset, transfer.Amount, transfer.Reference)
                    : engine.Debit(transfer.User, transfer.Asset, transfer.Amount, transfer.Reference);
                if (outcome == WalletOutcome.Applied) net[transfer.Asset] += transfer.Credit ? transfer.Amount : -transfer.Amount;
                break;
        }
    }

    private static string Balances(MatchingEngine engine) =>
        string.Join(";", Enumerable.Range(1, Users).SelectMany(u => engine.Balances(u)!)) + "|" + string.Join(";", engine.FeeBalances());
}
