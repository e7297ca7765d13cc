using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Journal;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>Journals holding commands beyond the bounds, or written by a version whose engine threw on them, replay to the same
/// outcome and leave the exchange running; a record that cannot be applied at all stops the exchange, never the process.</summary>
public sealed class HostileJournalReplayTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly RecordingMarketLog _log = new();

    public void Dispose() => _directory.Dispose();

    private ExchangeService Open() => new(new ExchangeOptions { DataDirectory = _directory.Path }, _log, _log, CommandClock.After(Start));

    private static readonly OrderRequest[] Hostile =
    [
        new("BTC-USDT", OrderSide.Buy, OrderType.Limit, 1_000_000_000_000_000_000_000_000_000m, 0.01m),
        new("BTC-USDT", OrderSide.Buy, OrderType.Limit, 50_000m, 1e24m),
        new("BTC-USDT", OrderSide.Buy, OrderType.Market, null, null, 1e21m),
        new("BTC-USDT", OrderSide.Buy, OrderType.Limit, 50_000m, 0.01m, decimal.MaxValue),
        new("ETH-USDT", OrderSide.Sell, OrderType.Limit, decimal.MaxValue, decimal.MaxValue),
    ];

    [Fact]
    public async Task Journaled_commands_beyond_the_bounds_replay_as_the_same_rejections_and_the_exchange_keeps_running()
    {
        string hash;
        long user, open;
        await using (var exchange = Open())
        {
            user = (await exchange.CreateUserAsync()).UserId;
            await exchange.CreditAsync(user, "USDT", 100_000m, "deposit");
            foreach (var request in Hostile)
            {
                var placed = await exchange.PlaceOrderAsync(user, request);
                Assert.Equal((OrderStatus.Rejected, OrderReasons.AmountTooLarge), (placed.Status, placed.Reason));
            }
            open = (await exchange.PlaceOrderAsync(user, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Limit, 50_000m, 0.01m))).OrderId;
            var replaced = await exchange.ReplaceOrderAsync(user, open, 1e27m, 0.01m);
            Assert.Equal(OrderReasons.AmountTooLarge, replaced.New!.Reason);
            hash = await exchange.StateHashAsync();
        }

        await using var reopened = Open();
        Assert.Equal(ExchangeState.Running, reopened.Status.State);
        Assert.Equal(hash, await reopened.StateHashAsync());
        Assert.Equal(OrderStatus.Open,
            (await reopened.PlaceOrderAsync(user, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Limit, 50_000m, 0.01m))).Status);
    }

    [Fact]
    public async Task A_journal_written_by_a_version_that_threw_on_an_overflowing_order_replays_and_the_exchange_keeps_running()
    {
        // What an older version left behind: the order was journaled, then applying it threw and stopped the exchange; its
        // transfers used the global reference namespace (kinds 2 and 3).
        WriteJournal(
            new ExchangeCommand.CreateUser("hash-1"),
            new ExchangeCommand.CreateUser("hash-2"),
            new ExchangeCommand.Transfer(1, "USDT", 10_000m, "deposit-1", credit: true, perUser: false),
            new ExchangeCommand.Place(1, Hostile[0]),
            new ExchangeCommand.Transfer(2, "USDT", 10_000m, "deposit-1", credit: true, perUser: false),
            new ExchangeCommand.Place(1, Hostile[2]));

        string hash;
        await using (var exchange = Open())
        {
            Assert.Equal(ExchangeState.Running, exchange.Status.State);
            Assert.Equal((OrderStatus.Rejected, OrderReasons.AmountTooLarge), Status(await exchange.GetOrderAsync(1)));
            Assert.Equal((OrderStatus.Rejected, OrderReasons.AmountTooLarge), Status(await exchange.GetOrderAsync(2)));
            Assert.Equal(10_000m, Usdt(await exchange.GetWalletAsync(1)));
            // The old version answered already_applied to user 2's reuse of the reference, and replay keeps that outcome.
            Assert.Equal(0m, Usdt(await exchange.GetWalletAsync(2)));
            Assert.Equal(WalletOutcome.Applied, (await exchange.CreditAsync(2, "USDT", 10_000m, "deposit-1")).Outcome);
            Assert.Equal(OrderStatus.Open,
                (await exchange.PlaceOrderAsync(1, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Limit, 50_000m, 0.01m))).Status);
            hash = await exchange.StateHashAsync();
        }

        await using var reopened = Open();
        Assert.Equal(hash, await reopened.StateHashAsync());
    }

    [Fact]
    public async Task A_journal_record_that_cannot_be_applied_stops_the_exchange_with_a_reason_instead_of_the_process()
    {
        WriteJournal(new ExchangeCommand.CreateUser("hash-1"));
        using (var journal = CommandJournal.Open(_directory.Path, 0, _ => { }))
        {
            journal.Append(2, Start.UtcTicks, [99]);
            journal.Commit();
        }

        await using var exchange = Open();

        Assert.Equal(ExchangeState.Stopped, exchange.Status.State);
        Assert.Contains("journal record 2", exchange.Status.Reason);
        Assert.True(exchange.Status.Since >= Start);
        var refused = await Assert.ThrowsAsync<ExchangeStoppedException>(() => exchange.CreateUserAsync());
        Assert.Equal(exchange.Status, refused.Status);
        await Assert.ThrowsAsync<ExchangeStoppedException>(() => exchange.GetWalletAsync(1));
    }

    private void WriteJournal(params ExchangeCommand[] commands)
    {
        using var journal = CommandJournal.Open(_directory.Path, 0, _ => { });
        foreach (var command in commands)
        {
            using var body = new MemoryStream();
            using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true)) command.Write(writer);
            journal.Append(journal.LastSequence + 1, Start.UtcTicks, body.ToArray());
        }
        journal.Commit();
    }

    private static (OrderStatus, string?) Status(OrderView? order) => (order!.Status, order.Reason);

    private static decimal Usdt(WalletBalances? wallet) => wallet!.Balances.Single(b => b.Asset == "USDT").Available;
}
