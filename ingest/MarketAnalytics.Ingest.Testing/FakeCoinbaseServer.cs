using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A fake Coinbase Exchange on 127.0.0.1: the WebSocket feed at <c>/</c> (<c>matches</c>, <c>ticker</c>,
/// <c>heartbeat</c>) and <c>GET /products/{id}/trades</c>, both serving one tape of trades per product.</summary>
/// <remarks>Trade ids must be numbers, consecutive per product, as Coinbase's are. A subscribe is answered with
/// <c>subscriptions</c> and, per product with trades, a <c>last_match</c> of its newest trade, as Coinbase does. Every
/// streamed message takes a new <c>sequence</c>; the sequence also moves between matches, as order-book traffic moves it on
/// the real feed. REST pages are newest first, at most <c>limit</c> (1000) trades; <c>after=X</c> gives the trades just older
/// than id X, <c>before=X</c> those just newer, with the <c>CB-BEFORE</c>/<c>CB-AFTER</c> cursors in headers.</remarks>
public sealed class FakeCoinbaseServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Trade>> _tapes = new(StringComparer.Ordinal);
    private long _sequence = 1000;

    private FakeCoinbaseServer() { }

    /// <summary>The host, for addresses and outage controls.</summary>
    public FakeVenueHost Host { get; private set; } = null!;

    public static async Task<FakeCoinbaseServer> StartAsync()
    {
        var server = new FakeCoinbaseServer();
        server.Host = await FakeVenueHost.StartAsync("/", server.OnMessageAsync, app => app.MapGet("/products/{product}/trades", server.Trades));
        return server;
    }

    /// <summary>Adds a trade to its product's tape and, when <paramref name="stream"/>, sends it as a <c>match</c> to subscribed
    /// clients (false leaves it to REST only, as a message the feed lost).</summary>
    public async Task TradeAsync(Trade trade, bool stream = true)
    {
        string match;
        lock (_lock)
        {
            if (!_tapes.TryGetValue(trade.Instrument.Symbol, out var tape)) _tapes[trade.Instrument.Symbol] = tape = [];
            tape.Add(trade);
            _sequence += 3;
            match = MatchJson("match", trade, _sequence);
        }
        if (stream) await Host.BroadcastAsync(match);
    }

    /// <summary>Sends a <c>ticker</c> with <paramref name="quote"/>'s best bid and ask.</summary>
    public Task QuoteAsync(Quote quote)
    {
        long sequence;
        lock (_lock) sequence = ++_sequence;
        return Host.BroadcastAsync($$"""{"type":"ticker","sequence":{{sequence}},"product_id":"{{quote.Instrument.Symbol}}","price":"{{Num(quote.BidPrice)}}","best_bid":"{{Num(quote.BidPrice)}}","best_bid_size":"{{Num(quote.BidSize)}}","best_ask":"{{Num(quote.AskPrice)}}","best_ask_size":"{{Num(quote.AskSize)}}","side":"buy","time":"{{Iso(quote.Time)}}"}""");
    }

    /// <summary>Sends each product's <c>heartbeat</c> with its newest trade id, as the heartbeat channel does every second.</summary>
    public async Task SendHeartbeatsAsync()
    {
        List<string> beats;
        lock (_lock)
            beats = _tapes.Select(t => $$"""{"type":"heartbeat","sequence":{{_sequence}},"last_trade_id":{{t.Value[^1].TradeId}},"product_id":"{{t.Key}}","time":"{{Iso(t.Value[^1].Time)}}"}""").ToList();
        foreach (var beat in beats) await Host.BroadcastAsync(beat);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private async Task OnMessageAsync(FakeVenueSocket socket, string text)
    {
        using var request = JsonDocument.Parse(text);
        if (request.RootElement.GetProperty("type").GetString() != "subscribe") return;
        var products = request.RootElement.GetProperty("product_ids").EnumerateArray().Select(p => p.GetString()!).ToArray();
        var channels = request.RootElement.GetProperty("channels").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var listed = string.Join(',', channels.Select(c => $$"""{"name":"{{c}}","product_ids":{{JsonSerializer.Serialize(products)}}}"""));
        await socket.SendAsync($$"""{"type":"subscriptions","channels":[{{listed}}]}""");
        List<string> lastMatches;
        lock (_lock)
            lastMatches = products.Where(p => channels.Contains("matches") && _tapes.ContainsKey(p))
                .Select(p => MatchJson("last_match", _tapes[p][^1], _sequence)).ToList();
        foreach (var last in lastMatches) await socket.SendAsync(last);
        foreach (var channel in channels)
            foreach (var product in products) socket.Subscribe($"{channel}:{product}");
    }

    private IResult Trades(string product, long? after, long? before, int? limit)
    {
        var count = Math.Clamp(limit ?? 1000, 1, 1000);
        List<Trade> page;
        lock (_lock)
        {
            if (!_tapes.TryGetValue(product, out var tape)) return Results.NotFound(new { message = "NotFound" });
            // The tape holds consecutive ids, so an id's place in it is its distance from the first.
            var first = Id(tape[0]);
            IEnumerable<Trade> chosen = after is { } older ? tape.Take((int)Math.Clamp(older - first, 0, tape.Count)).TakeLast(count)
                : before is { } newer ? tape.Skip((int)Math.Clamp(newer - first + 1, 0, tape.Count)).Take(count)
                : tape.TakeLast(count);
            page = chosen.Reverse().ToList();
        }
        return new TradesPage(page);
    }

    private static long Id(in Trade trade) => long.Parse(trade.TradeId.ToString(), CultureInfo.InvariantCulture);

    private static string MatchJson(string type, in Trade trade, long sequence) =>
        $$"""{"type":"{{type}}","trade_id":{{trade.TradeId}},"maker_order_id":"m","taker_order_id":"t","side":"{{MakerSide(trade)}}","size":"{{Num(trade.BaseQuantity)}}","price":"{{Num(trade.Price)}}","product_id":"{{trade.Instrument.Symbol}}","sequence":{{sequence}},"time":"{{Iso(trade.Time)}}"}""";

    // Coinbase reports the maker's side in both the feed and REST.
    private static string MakerSide(in Trade trade) => trade.Side == TakerSide.Buy ? "sell" : "buy";

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class TradesPage(List<Trade> page) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            if (page.Count > 0)
            {
                context.Response.Headers["CB-BEFORE"] = page[0].TradeId.ToString();
                context.Response.Headers["CB-AFTER"] = page[^1].TradeId.ToString();
            }
            context.Response.ContentType = "application/json";
            var rows = page.Select(t => $$"""{"time":"{{Iso(t.Time)}}","trade_id":{{t.TradeId}},"price":"{{Num(t.Price)}}","size":"{{Num(t.BaseQuantity)}}","side":"{{MakerSide(t)}}"}""");
            await context.Response.WriteAsync($"[{string.Join(',', rows)}]");
        }
    }
}
