using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.OrderBook.Tests;

public sealed class ExchangeServiceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly RecordingMarketLog _log = new();

    public void Dispose() => _directory.Dispose();

    private ExchangeService Open(int snapshotEvery = 1_000_000) => new(
        new ExchangeOptions { DataDirectory = _directory.Path, SnapshotEveryCommands = snapshotEvery }, _log, _log, CommandClock.After(Start));

    [Fact]
    public async Task Restart_replays_the_journal_to_the_same_state_hash()
    {
        string hash;
        await using (var exchange = Open())
        {
            await RunRandomCommands(exchange, seed: 1, count: 3_000);
            hash = await exchange.StateHashAsync();
        }
        await using var reopened = Open();
        Assert.Equal(hash, await reopened.StateHashAsync());
    }

    [Fact]
    public async Task Restart_from_a_snapshot_and_the_journal_after_it_gives_the_same_state_hash()
    {
        string hash;
        await using (var exchange = Open(snapshotEvery: 700))
        {
            await RunRandomCommands(exchange, seed: 2, count: 2_000);
            await exchange.SnapshotAsync();
            await RunRandomCommands(exchange, seed: 3, count: 1_000, createUsers: false);
            hash = await exchange.StateHashAsync();
        }
        Assert.NotEmpty(Directory.GetFiles(_directory.Path, "snapshot-*.bin"));
        await using var reopened = Open();
        Assert.Equal(hash, await reopened.StateHashAsync());
    }

    [Fact]
    public async Task Replay_regenerates_the_same_events_with_the_same_sequence_numbers()
    {
        List<ExchangeEvent> before;
        await using (var exchange = Open())
        {
            await RunRandomCommands(exchange, seed: 4, count: 500);
            before = await ReadEvents(exchange, 0);
        }
        await using var reopened = Open();
        var after = await ReadEvents(reopened, 0);
        Assert.NotEmpty(before);
        Assert.Equal(before.Select(e => e.Sequence), Enumerable.Range(1, before.Count).Select(i => (long)i));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Trades_reach_the_market_log_once_as_the_internal_instrument_even_after_a_replay()
    {
        long seller, buyer;
        await using (var exchange = Open())
        {
            seller = (await exchange.CreateUserAsync()).UserId;
            buyer = (await exchange.CreateUserAsync()).UserId;
            await exchange.CreditAsync(seller, "BTC", 1m, "s");
            await exchange.CreditAsync(buyer, "USDT", 100_000m, "b");
            await exchange.PlaceOrderAsync(seller, new OrderRequest("BTC-USDT", OrderSide.Sell, OrderType.Limit, 50_000.5m, 0.2m));
            var placed = await exchange.PlaceOrderAsync(buyer, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Limit, 51_000m, 0.15m));
            Assert.Equal(OrderStatus.Filled, placed.Status);
            Assert.Equal(new OrderFill(1, 50_000.5m, 0.15m, 15.00015m), Assert.Single(placed.Trades));
        }
        var trade = Assert.Single(_log.Trades);
        Assert.Equal(InstrumentId.Parse("internal:BTC-USDT"), trade.Instrument);
        Assert.Equal("1", trade.TradeId);
        Assert.Equal(50_000.5m, trade.Price);
        Assert.Equal(0.15m, trade.BaseQuantity);
        Assert.Equal(7_500.075m, trade.QuoteQuantity);
        Assert.Equal(TakerSide.Buy, trade.Side);
        Assert.Equal(DateTimeKind.Utc, trade.Time.Kind);
        Assert.True(trade.Time > Start.UtcDateTime);

        await using (Open())
        {
            // Replay re-appends the journal's trades; the log's idempotent append keeps one copy.
        }
        Assert.Single(_log.Trades);
        Assert.Equal(1, _log.Duplicates);
    }

    [Fact]
    public async Task A_cancel_replace_is_one_journaled_command_that_survives_a_restart()
    {
        string hash;
        long user, oldId, newId;
        await using (var exchange = Open())
        {
            user = (await exchange.CreateUserAsync()).UserId;
            await exchange.CreditAsync(user, "USDT", 10_000m, "deposit");
            oldId = (await exchange.PlaceOrderAsync(user, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Limit, 50_000m, 0.1m, ClientOrderId: "a"))).OrderId;

            var replaced = await exchange.ReplaceOrderAsync(user, oldId, 49_000m, 0.2m, "b");

            Assert.Equal(CancelOutcome.Canceled, replaced.Old.Outcome);
            Assert.Equal((OrderStatus.Canceled, OrderReasons.Replaced), (replaced.Old.Order!.Status, replaced.Old.Order.Reason));
            Assert.NotNull(replaced.New);
            newId = replaced.New.OrderId;
            Assert.Equal((OrderStatus.Open, 49_000m, 0.2m, "b"), (replaced.New.Status, replaced.New.Order!.Price, replaced.New.Order.Quantity, replaced.New.Order.ClientOrderId));
            // The new hold alone: 49,000 × 0.2 plus the maximum fee (0.20 %).
            var usdt = (await exchange.GetWalletAsync(user))!.Balances.Single(b => b.Asset == "USDT");
            Assert.Equal((10_000m - 9_819.6m, 9_819.6m), (usdt.Available, usdt.Blocked));

            var again = await exchange.ReplaceOrderAsync(user, oldId, 48_000m, 0.1m);
            Assert.Equal(CancelOutcome.AlreadyFinal, again.Old.Outcome);
            Assert.Null(again.New);
            hash = await exchange.StateHashAsync();
        }

        await using var reopened = Open();
        Assert.Equal(hash, await reopened.StateHashAsync());
        Assert.Equal(OrderStatus.Open, (await reopened.GetOrderAsync(newId))!.Status);
        Assert.Equal(OrderStatus.Canceled, (await reopened.GetOrderAsync(oldId))!.Status);
    }

    [Fact]
    public async Task Order_fill_and_wallet_events_reach_their_log_topics_once_each_even_after_a_replay()
    {
        List<ExchangeEvent> published;
        await using (var exchange = Open())
        {
            await RunRandomCommands(exchange, seed: 6, count: 400);
            published = await ReadEvents(exchange, 0);
        }
        await using (Open())
        {
            // Replay regenerates the same events; the log keeps one copy of each.
        }

        var logged = _log.Events;
        var expected = published.Where(e => e is OrderUpdatedEvent or FillEvent or WalletChangedEvent).ToList();
        Assert.Equal(expected.Select(e => e.Sequence), logged.Select(e => e.Sequence));
        foreach (var (e, record) in expected.Zip(logged))
        {
            var (topic, type, key) = e switch
            {
                OrderUpdatedEvent o => (EventTopic.Orders, "order", o.Order.Symbol),
                FillEvent f => (EventTopic.Orders, "fill", f.Market),
                WalletChangedEvent w => (EventTopic.Wallets, "wallet", w.Balance.Asset),
                _ => throw new InvalidOperationException(),
            };
            Assert.Equal((topic, type, InstrumentId.Of(Venues.Internal, key), e.Time), (record.Topic, record.Type, record.Partition, record.Time));
            using var json = System.Text.Json.JsonDocument.Parse(record.Json);
            Assert.Equal(e.Sequence, json.RootElement.GetProperty("sequence").GetInt64());
        }
        var fill = published.OfType<FillEvent>().First();
        using var fillJson = System.Text.Json.JsonDocument.Parse(logged.Single(r => r.Sequence == fill.Sequence).Json);
        Assert.Equal(fill.Price, fillJson.RootElement.GetProperty("price").GetDecimal());
        Assert.Equal(fill.Side.ToString().ToLowerInvariant(), fillJson.RootElement.GetProperty("side").GetString());
    }

    [Fact]
    public async Task A_torn_record_at_the_end_of_the_journal_is_cut_off_on_start()
    {
        string hash;
        await using (var exchange = Open())
        {
            await RunRandomCommands(exchange, seed: 5, count: 300);
            hash = await exchange.StateHashAsync();
        }
        var segment = Directory.GetFiles(_directory.Path, "journal-*.log").Order().Last();
        var length = new FileInfo(segment).Length;
        await File.AppendAllTextAsync(segment, "\u0040\u0000\u0000\u0000half a record");
        await using (var reopened = Open())
        {
            Assert.Equal(hash, await reopened.StateHashAsync());
            Assert.Equal(length, new FileInfo(segment).Length);
            var user = await reopened.CreateUserAsync();
            Assert.Equal(WalletOutcome.Applied, (await reopened.CreditAsync(user.UserId, "USDT", 5m, "after-tear")).Outcome);
            hash = await reopened.StateHashAsync();
        }
        await using var again = Open();
        Assert.Equal(hash, await again.StateHashAsync());
    }

    [Fact]
    public async Task Events_resume_after_any_sequence_number_without_gaps()
    {
        await using var exchange = Open();
        await RunRandomCommands(exchange, seed: 6, count: 200);
        var all = await ReadEvents(exchange, 0);
        var resumed = await ReadEvents(exchange, all.Count / 2);
        Assert.Equal(all.Skip(all.Count / 2), resumed);
        var user = all.OfType<WalletChangedEvent>().First().User;
        Assert.All(all.OfType<FillEvent>(), f => Assert.NotNull(f.UserId));
        Assert.All(all.OfType<PublicTradeEvent>(), t => Assert.Null(t.UserId));
        Assert.Contains(all, e => e.UserId == user);
    }

    [Fact]
    public async Task An_api_key_authenticates_its_user_also_after_a_restart_and_no_one_else()
    {
        CreatedUser alice, bob;
        await using (var exchange = Open())
        {
            alice = await exchange.CreateUserAsync();
            bob = await exchange.CreateUserAsync();
            Assert.Equal(alice.UserId, exchange.Authenticate(alice.ApiKey));
            await exchange.CreditAsync(alice.UserId, "USDT", 100m, "a");
            var order = await exchange.PlaceOrderAsync(alice.UserId, new OrderRequest("BTC-USDT", OrderSide.Buy, OrderType.Limit, 100m, 0.5m));
            var denied = await exchange.CancelOrderAsync(bob.UserId, order.OrderId);
            Assert.Equal(CancelOutcome.NotOwner, denied.Outcome);
            Assert.Null(denied.Order);
        }
        await using var reopened = Open();
        Assert.Equal(alice.UserId, reopened.Authenticate(alice.ApiKey));
        Assert.Equal(bob.UserId, reopened.Authenticate(bob.ApiKey));
        Assert.Null(reopened.Authenticate("mak_not-a-key"));
        var open = await reopened.ListOrdersAsync(alice.UserId, [OrderStatus.Open, OrderStatus.PartiallyFilled]);
        Assert.Equal(OrderStatus.Open, Assert.Single(open).Status);
        var wallet = await reopened.GetWalletAsync(alice.UserId);
        Assert.Equal(new AssetBalance("USDT", 49.9m, 50.1m), wallet!.Balances.Single(b => b.Asset == "USDT"));
        var book = await reopened.GetOrderBookAsync("BTC-USDT", 10);
        Assert.Equal(new BookLevel(100m, 0.5m, 1), Assert.Single(book!.Bids));
    }

    private static async Task<List<ExchangeEvent>> ReadEvents(ExchangeService exchange, long after)
    {
        var last = exchange.LastEventSequence;
        var result = new List<ExchangeEvent>();
        if (last <= after) return result;
        await foreach (var e in exchange.ReadEventsAsync(after))
        {
            result.Add(e);
            if (e.Sequence == last) break;
        }
        return result;
    }

    /// <summary>Sends seeded commands in concurrent waves, so batches share an fsync as they would under load.</summary>
    private static async Task RunRandomCommands(ExchangeService exchange, int seed, int count, bool createUsers = true)
    {
        var generator = new RandomCommands(seed);
        if (createUsers)
        {
            for (var i = 0; i < generator.Users; i++) await exchange.CreateUserAsync();
            foreach (var funding in generator.Funding()) await exchange.CreditAsync(funding.User, funding.Asset, funding.Amount, funding.Reference);
        }
        var markets = exchange.Markets;
        for (var sent = 0; sent < count; sent += 100)
        {
            var wave = new List<Task>();
            for (var i = 0; i < 100; i++)
            {
                RandomCommands.Command command;
                lock (generator) command = generator.Next();
                wave.Add(command switch
                {
                    RandomCommands.Transfer t => t.Credit
                        ? exchange.CreditAsync(t.User, t.Asset, t.Amount, t.Reference)
                        : exchange.DebitAsync(t.User, t.Asset, t.Amount, t.Reference),
                    RandomCommands.Cancel c => exchange.CancelOrderAsync(c.User, c.Order),
                    RandomCommands.Place p => Place(exchange, generator, markets[p.Order.Market], p),
                    _ => throw new InvalidOperationException(),
                });
            }
            await Task.WhenAll(wave);
        }
    }

    private static async Task Place(ExchangeService exchange, RandomCommands generator, MarketOptions market, RandomCommands.Place place)
    {
        var o = place.Order;
        var request = new OrderRequest(market.Symbol, o.Side, o.Type,
            o.Price > 0 ? o.Price * market.TickSize : null,
            o.Lots > 0 ? o.Lots * market.LotSize : null,
            o.Funds > 0 ? Amounts.ToDecimal(o.Funds) : null,
            o.TimeInForce, o.PostOnly, null, o.Stp);
        var result = await exchange.PlaceOrderAsync(place.User, request);
        if (result.Status is OrderStatus.Open or OrderStatus.PartiallyFilled)
            lock (generator) generator.Rested(place.User, result.OrderId);
    }
}
