namespace MarketAnalytics.Api.Tests.Exchange;

public sealed class ExchangeStreamTests : IAsyncLifetime
{
    /// <summary>A guard against a hung stream, not a timing assertion: every event here is produced before it is awaited.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private ExchangeHost _host = null!;

    public async Task InitializeAsync() => _host = await ExchangeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_stream_delivers_own_orders_fills_and_wallet_changes_and_trades_and_book_changes_of_subscribed_symbols()
    {
        var (aliceId, alice) = await _host.CreateUserAsync(("USDT", 10_000m));
        var (_, bob) = await _host.CreateUserAsync(("BTC", 1m), ("ETH", 10m));
        using var timeout = new CancellationTokenSource(Guard);
        await using var stream = new ServerSentEventReader(await _host.OpenStreamAsync(alice, "?symbols=BTC-USDT"));

        await _host.PlaceAsync(bob, new { symbol = "ETH-USDT", side = "sell", price = 3000m, quantity = 1m });
        await _host.PlaceAsync(bob, new { symbol = "BTC-USDT", side = "sell", price = 50000m, quantity = 0.1m });
        await _host.PlaceAsync(alice, new { symbol = "BTC-USDT", side = "buy", price = 50000m, quantity = 0.04m, client_order_id = "last" });

        var events = await stream.ReadThroughAsync(e => e.Type == "order" && e.Data.GetProperty("client_order_id").GetString() == "last", timeout.Token);
        // The book events come after the order in the same command; read up to the book change the fill made.
        events.AddRange(await stream.ReadThroughAsync(e => e.Type == "book" && e.Data.GetProperty("quantity").GetDecimal() == 0.06m, timeout.Token));

        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.All(events, e => Assert.NotEqual("ETH-USDT", e.Data.TryGetProperty("symbol", out var s) ? s.GetString() : null));
        Assert.All(events.Where(e => e.Type == "order"), e => Assert.Equal(aliceId, e.Data.GetProperty("user_id").GetInt64()));
        var fill = Assert.Single(events, e => e.Type == "fill");
        Assert.Equal((50000m, 0.04m, 4m, false), (fill.Data.GetProperty("price").GetDecimal(), fill.Data.GetProperty("quantity").GetDecimal(),
            fill.Data.GetProperty("fee").GetDecimal(), fill.Data.GetProperty("is_maker").GetBoolean()));
        var trade = Assert.Single(events, e => e.Type == "trade");
        Assert.Equal(0.04m, trade.Data.GetProperty("quantity").GetDecimal());
        Assert.Contains(events, e => e.Type == "wallet" && e.Data.GetProperty("asset").GetString() == "BTC" && e.Data.GetProperty("available").GetDecimal() == 0.04m);
        Assert.Contains(events, e => e.Type == "book" && e.Data.GetProperty("side").GetString() == "sell" && e.Data.GetProperty("quantity").GetDecimal() == 0.1m);
    }

    [Fact]
    public async Task A_stream_resumed_from_Last_Event_ID_continues_without_gaps_or_repeats()
    {
        var (_, alice) = await _host.CreateUserAsync(("USDT", 100_000m), ("BTC", 1m));
        var (_, bob) = await _host.CreateUserAsync(("USDT", 100_000m), ("BTC", 1m));
        using var timeout = new CancellationTokenSource(Guard);

        List<ServerSentEventReader.Event> before;
        await using (var first = new ServerSentEventReader(await _host.OpenStreamAsync(alice, "?symbols=BTC-USDT", lastEventId: 0)))
        {
            await Trade(alice, bob, "a", 50000m);
            before = await first.ReadThroughAsync(e => IsMarker(e, "a"), timeout.Token);
        }

        // While Alice is away: her own orders, Bob's orders against hers and the market's trades and book changes.
        await Trade(alice, bob, "b", 50100m);
        await Trade(bob, alice, "c", 50200m);
        await Trade(alice, bob, "d", 50300m);

        await using var resumed = new ServerSentEventReader(await _host.OpenStreamAsync(alice, "?symbols=BTC-USDT", lastEventId: before[^1].Id));
        var after = await resumed.ReadThroughAsync(e => IsMarker(e, "d"), timeout.Token);

        await using var whole = new ServerSentEventReader(await _host.OpenStreamAsync(alice, "?symbols=BTC-USDT", lastEventId: 0));
        var everything = await whole.ReadThroughAsync(e => IsMarker(e, "d"), timeout.Token);

        Assert.Equal(everything.Select(e => e.Id), before.Concat(after).Select(e => e.Id));
        Assert.Equal(everything.Select(e => e.Type), before.Concat(after).Select(e => e.Type));
        Assert.Contains(after, e => e.Type == "fill");
        Assert.Contains(after, e => e.Type == "trade");
    }

    /// <summary><paramref name="maker"/> rests a sell, <paramref name="taker"/> buys half of it, then the maker places a marker order
    /// of their own that the stream's reader waits for.</summary>
    private async Task Trade(string maker, string taker, string marker, decimal price)
    {
        await _host.PlaceAsync(maker, new { symbol = "BTC-USDT", side = "sell", price, quantity = 0.02m });
        await _host.PlaceAsync(taker, new { symbol = "BTC-USDT", side = "buy", price, quantity = 0.01m });
        await _host.PlaceAsync(maker, new { symbol = "BTC-USDT", side = "buy", price = 1000m, quantity = 0.01m, client_order_id = marker });
        await _host.PlaceAsync(taker, new { symbol = "BTC-USDT", side = "buy", price = 1000m, quantity = 0.01m, client_order_id = marker });
    }

    /// <summary>The book change of the last marker order of <paramref name="marker"/> (a, b, c, …): each trade adds two bids at 1000.</summary>
    private static bool IsMarker(ServerSentEventReader.Event e, string marker) =>
        e.Type == "book" && e.Data.GetProperty("price").GetDecimal() == 1000m && e.Data.GetProperty("order_count").GetInt32() == 2 * (marker[0] - 'a' + 1);
}
