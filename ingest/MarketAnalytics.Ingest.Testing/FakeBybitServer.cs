using System.Text.Json;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A fake Bybit: <c>/v5/public/{category}</c> (<c>publicTrade.{symbol}</c> with a growing <c>seq</c>,
/// <c>orderbook.1.{symbol}</c>), <c>{"op":"ping"}</c> answered, and <c>GET /v5/market/recent-trade</c>: the newest
/// <see cref="RecentTradeLimit"/> trades at most, newest first, as Bybit has no deeper public history.</summary>
public sealed class FakeBybitServer : FakeTradingVenue
{
    private long _seq = 1000;

    private FakeBybitServer()
    {
    }

    public static async Task<FakeBybitServer> StartAsync()
    {
        var server = new FakeBybitServer();
        await server.ListenAsync();
        return server;
    }

    /// <summary>The most trades the REST page holds (Bybit: 1000 for linear, 60 for spot).</summary>
    public int RecentTradeLimit { get; set; } = 1000;

    /// <summary>True once a connection subscribed the symbol's trades.</summary>
    public bool TradesSubscribed(string symbol) => IsSubscribed("/v5/public/linear", $"publicTrade.{symbol}");

    /// <summary>Sets the next trade's <c>seq</c> back, as after a restart of Bybit's matching service.</summary>
    public void StepSequenceBack() => Interlocked.Add(ref _seq, -500);

    protected override string RateLimitedBody => """{"retCode":10006,"retMsg":"Too many visits!","result":{},"time":0}""";

    protected override void Map(WebApplication app)
    {
        app.Map("/v5/public/linear", AcceptAsync);
        app.Map("/v5/public/spot", AcceptAsync);
        app.MapGet("/v5/market/recent-trade", Rest(RecentTrades));
    }

    protected override async Task OnTextAsync(FakeVenueSocket socket, string text)
    {
        using var request = JsonDocument.Parse(text);
        switch (request.RootElement.GetProperty("op").GetString())
        {
            case "ping":
                await socket.SendAsync("""{"success":true,"ret_msg":"pong","conn_id":"fake","req_id":"","op":"ping"}""");
                break;
            case "subscribe":
                foreach (var topic in request.RootElement.GetProperty("args").EnumerateArray()) socket.Subscribe(topic.GetString()!);
                await socket.SendAsync("""{"success":true,"ret_msg":"","conn_id":"fake","req_id":"","op":"subscribe"}""");
                break;
        }
    }

    protected override (string Topic, string Frame) TradeFrame(Trade trade)
    {
        var seq = Interlocked.Add(ref _seq, 7);
        return ($"publicTrade.{trade.Instrument.Symbol}",
            $$"""{"topic":"publicTrade.{{trade.Instrument.Symbol}}","type":"snapshot","ts":{{Milliseconds(trade.Time)}},"data":[{"T":{{Milliseconds(trade.Time)}},"s":"{{trade.Instrument.Symbol}}","S":"{{Side(trade)}}","v":"{{Num(trade.BaseQuantity)}}","p":"{{Num(trade.Price)}}","L":"PlusTick","i":"{{trade.TradeId}}","BT":false,"seq":{{seq}}}]}""");
    }

    protected override (string Topic, string Frame) QuoteFrame(Quote quote) =>
        ($"orderbook.1.{quote.Instrument.Symbol}",
            $$"""{"topic":"orderbook.1.{{quote.Instrument.Symbol}}","type":"snapshot","ts":{{Milliseconds(quote.Time)}},"data":{"s":"{{quote.Instrument.Symbol}}","b":[["{{Num(quote.BidPrice)}}","{{Num(quote.BidSize)}}"]],"a":[["{{Num(quote.AskPrice)}}","{{Num(quote.AskSize)}}"]],"u":{{Interlocked.Increment(ref _seq)}},"seq":{{Interlocked.Read(ref _seq)}}},"cts":{{Milliseconds(quote.Time)}}}""");

    private static string Side(Trade trade) => trade.Side == TakerSide.Buy ? "Buy" : "Sell";

    private string RecentTrades(HttpContext context)
    {
        var query = context.Request.Query;
        var symbol = query["symbol"].ToString();
        var limit = Math.Min(int.TryParse(query["limit"], out var asked) ? asked : 500, RecentTradeLimit);
        var trades = TradesOf(InstrumentId.Of(Venues.Bybit, symbol));
        var rows = Enumerable.Reverse(trades).Take(limit).Select(t =>
            $$"""{"execId":"{{t.TradeId}}","symbol":"{{symbol}}","price":"{{Num(t.Price)}}","size":"{{Num(t.BaseQuantity)}}","side":"{{Side(t)}}","time":"{{Milliseconds(t.Time)}}","isBlockTrade":false}""");
        return $$"""{"retCode":0,"retMsg":"OK","result":{"category":"{{query["category"]}}","list":[{{string.Join(',', rows)}}]},"retExtInfo":{},"time":0}""";
    }
}
