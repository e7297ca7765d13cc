using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Kraken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A fake Kraken spot exchange on 127.0.0.1: WebSocket v2 at <c>/v2</c> (<c>trade</c>, <c>ticker</c>, <c>heartbeat</c>,
/// ping) and <c>GET /0/public/Trades</c>, both serving one tape of trades per pair.</summary>
/// <remarks>Trades carry v2 symbols (<c>kraken:BTC/USD</c>) and numeric ids. A <c>trade</c> subscribe is acknowledged per symbol
/// and followed by a snapshot of the pair's last 50 trades, as Kraken does. REST takes the legacy pair name
/// (<c>pair=XBTUSD</c>) and answers the trades strictly after <c>since</c> (nanoseconds), oldest first, at most <c>count</c>
/// (1000), with <c>last</c> the newest one's time in nanoseconds; its times carry one digit more than the WebSocket's
/// microseconds, as Kraken's REST does.</remarks>
public sealed class FakeKrakenServer : IAsyncDisposable
{
    private const int SnapshotTrades = 50;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Trade>> _tapes = new(StringComparer.Ordinal);

    private FakeKrakenServer() { }

    /// <summary>The host, for addresses and outage controls.</summary>
    public FakeVenueHost Host { get; private set; } = null!;

    public static async Task<FakeKrakenServer> StartAsync()
    {
        var server = new FakeKrakenServer();
        server.Host = await FakeVenueHost.StartAsync("/v2", server.OnMessageAsync, app => app.MapGet("/0/public/Trades", server.Trades));
        return server;
    }

    /// <summary>Adds a trade to its pair's tape and, when <paramref name="stream"/>, sends it as a <c>trade</c> update.</summary>
    public async Task TradeAsync(Trade trade, bool stream = true)
    {
        lock (_lock)
        {
            if (!_tapes.TryGetValue(trade.Instrument.Symbol, out var tape)) _tapes[trade.Instrument.Symbol] = tape = [];
            tape.Add(trade);
        }
        if (stream) await Host.BroadcastAsync($$"""{"channel":"trade","type":"update","data":[{{TradeJson(trade)}}]}""");
    }

    /// <summary>Sends a <c>ticker</c> update with <paramref name="quote"/>'s best bid and ask.</summary>
    public Task QuoteAsync(Quote quote) => Host.BroadcastAsync(
        $$"""{"channel":"ticker","type":"update","data":[{"symbol":"{{quote.Instrument.Symbol}}","bid":{{Num(quote.BidPrice)}},"bid_qty":{{Num(quote.BidSize)}},"ask":{{Num(quote.AskPrice)}},"ask_qty":{{Num(quote.AskSize)}},"last":{{Num(quote.BidPrice)}},"volume":1,"vwap":1,"low":1,"high":1,"change":0,"change_pct":0,"timestamp":"{{Iso(quote.Time)}}"}]}""");

    public Task SendHeartbeatAsync() => Host.BroadcastAsync("""{"channel":"heartbeat"}""");

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private async Task OnMessageAsync(FakeVenueSocket socket, string text)
    {
        using var request = JsonDocument.Parse(text);
        var method = request.RootElement.GetProperty("method").GetString();
        if (method == "ping")
        {
            await socket.SendAsync("""{"method":"pong","time_in":"2024-01-01T00:00:00.000000Z","time_out":"2024-01-01T00:00:00.000001Z"}""");
            return;
        }
        if (method != "subscribe") return;
        var parameters = request.RootElement.GetProperty("params");
        var channel = parameters.GetProperty("channel").GetString();
        var symbols = parameters.GetProperty("symbol").EnumerateArray().Select(s => s.GetString()!).ToList();
        foreach (var symbol in symbols)
        {
            await socket.SendAsync($$"""{"method":"subscribe","result":{"channel":"{{channel}}","snapshot":true,"symbol":"{{symbol}}"},"success":true,"time_in":"2024-01-01T00:00:00.000000Z","time_out":"2024-01-01T00:00:00.000001Z"}""");
            if (channel != "trade") continue;
            string snapshot;
            lock (_lock)
                snapshot = string.Join(',', (_tapes.GetValueOrDefault(symbol) ?? []).TakeLast(SnapshotTrades).Select(TradeJson));
            await socket.SendAsync($$"""{"channel":"trade","type":"snapshot","data":[{{snapshot}}]}""");
        }
        // Broadcasts start only after the acks and snapshots, so a client never sees a live trade before its snapshot.
        foreach (var symbol in symbols) socket.Subscribe($"{channel}:{symbol}");
    }

    private IResult Trades(string? pair, long? since, int? count)
    {
        var limit = Math.Clamp(count ?? 1000, 1, 1000);
        List<Trade> page;
        lock (_lock)
        {
            var tape = _tapes.FirstOrDefault(t => KrakenSymbols.ToRestPair(t.Key) == pair).Value;
            if (tape is null) return Results.Json(new { error = new[] { "EQuery:Unknown asset pair" } });
            page = tape.Where(t => Nanoseconds(t.Time) > (since ?? 0)).Take(limit).ToList();
        }
        var rows = page.Select(t => $$"""["{{Num(t.Price)}}","{{Num(t.BaseQuantity)}}",{{RestTime(t.Time)}},"{{(t.Side == TakerSide.Buy ? "b" : "s")}}","l","",{{t.TradeId}}]""");
        var last = page.Count > 0 ? Nanoseconds(page[^1].Time) : since ?? 0;
        return Results.Text($$$"""{"error":[],"result":{"X{{{pair}}}":[{{{string.Join(',', rows)}}}],"last":"{{{last}}}"}}""", "application/json");
    }

    private static string TradeJson(Trade trade) =>
        $$"""{"symbol":"{{trade.Instrument.Symbol}}","side":"{{(trade.Side == TakerSide.Buy ? "buy" : "sell")}}","price":{{Num(trade.Price)}},"qty":{{Num(trade.BaseQuantity)}},"ord_type":"limit","trade_id":{{trade.TradeId}},"timestamp":"{{Iso(trade.Time)}}"}""";

    // Kraken's REST writes times as epoch seconds with seven decimals, one finer than the WebSocket's microseconds.
    private static string RestTime(DateTime time)
    {
        var ticks = time.Ticks - DateTime.UnixEpoch.Ticks;
        return string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond / 10:D6}7");
    }

    private static long Nanoseconds(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) * 100 + 700;

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
