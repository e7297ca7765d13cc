using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A fake OKX: <c>/ws/v5/business</c> (<c>trades-all</c>), <c>/ws/v5/public</c> (<c>bbo-tbt</c>), text
/// <c>ping</c>/<c>pong</c>, <c>GET /api/v5/market/history-trades</c> (type=1, <c>after</c> = ids below, newest first, at most
/// 100) and <c>GET /api/v5/public/instruments</c> with the contracts given at start.</summary>
/// <remarks>A trade's <c>sz</c> is its <see cref="Trade.Contracts"/> when it has any, else its base quantity; trade ids must
/// be numbers.</remarks>
public sealed class FakeOkxServer : FakeTradingVenue
{
    private readonly IReadOnlyDictionary<string, (decimal Value, string Type)> _contracts;

    private FakeOkxServer(IReadOnlyDictionary<string, (decimal Value, string Type)> contracts) => _contracts = contracts;

    /// <param name="contracts">instId → contract value and <c>ctType</c> (<c>linear</c> or <c>inverse</c>).</param>
    public static async Task<FakeOkxServer> StartAsync(IReadOnlyDictionary<string, (decimal Value, string Type)>? contracts = null)
    {
        var server = new FakeOkxServer(contracts ?? new Dictionary<string, (decimal, string)>());
        await server.ListenAsync();
        return server;
    }

    /// <summary>True once a trades connection subscribed <paramref name="instId"/>.</summary>
    public bool TradesSubscribed(string instId) => IsSubscribed("/ws/v5/business", $"trades-all:{instId}");

    protected override string RateLimitedBody => """{"code":"50011","msg":"Too Many Requests","data":[]}""";

    protected override void Map(WebApplication app)
    {
        app.Map("/ws/v5/business", AcceptAsync);
        app.Map("/ws/v5/public", AcceptAsync);
        app.MapGet("/api/v5/market/history-trades", Rest(HistoryTrades));
        app.MapGet("/api/v5/public/instruments", Rest(Instruments));
    }

    protected override async Task OnTextAsync(FakeVenueSocket socket, string text)
    {
        if (text == "ping")
        {
            await socket.SendAsync("pong");
            return;
        }
        using var request = JsonDocument.Parse(text);
        if (request.RootElement.GetProperty("op").GetString() != "subscribe") return;
        foreach (var arg in request.RootElement.GetProperty("args").EnumerateArray())
        {
            var channel = arg.GetProperty("channel").GetString();
            var instId = arg.GetProperty("instId").GetString();
            socket.Subscribe($"{channel}:{instId}");
            await socket.SendAsync($$"""{"event":"subscribe","arg":{"channel":"{{channel}}","instId":"{{instId}}"},"connId":"fake"}""");
        }
    }

    protected override (string Topic, string Frame) TradeFrame(Trade trade) =>
        ($"trades-all:{trade.Instrument.Symbol}",
            $$"""{"arg":{"channel":"trades-all","instId":"{{trade.Instrument.Symbol}}"},"data":[{{Row(trade)}}]}""");

    protected override (string Topic, string Frame) QuoteFrame(Quote quote) =>
        ($"bbo-tbt:{quote.Instrument.Symbol}",
            $$"""{"arg":{"channel":"bbo-tbt","instId":"{{quote.Instrument.Symbol}}"},"data":[{"asks":[["{{Num(quote.AskPrice)}}","{{Num(quote.AskSize)}}","0","1"]],"bids":[["{{Num(quote.BidPrice)}}","{{Num(quote.BidSize)}}","0","1"]],"ts":"{{Milliseconds(quote.Time)}}","seqId":1}]}""");

    private static string Row(Trade trade) =>
        $$"""{"instId":"{{trade.Instrument.Symbol}}","tradeId":"{{trade.TradeId}}","px":"{{Num(trade.Price)}}","sz":"{{Num(trade.Contracts > 0 ? trade.Contracts : trade.BaseQuantity)}}","side":"{{(trade.Side == TakerSide.Buy ? "buy" : "sell")}}","source":"0","ts":"{{Milliseconds(trade.Time)}}"}""";

    private string HistoryTrades(HttpContext context)
    {
        var query = context.Request.Query;
        var instrument = InstrumentId.Of(Venues.Okx, query["instId"].ToString());
        var limit = Math.Min(int.TryParse(query["limit"], out var asked) ? asked : 100, 100);
        var trades = TradesOf(instrument).OrderByDescending(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture)).AsEnumerable();
        if (long.TryParse(query["after"], out var after)) trades = trades.Where(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture) < after);
        return $$"""{"code":"0","msg":"","data":[{{string.Join(',', trades.Take(limit).Select(Row))}}]}""";
    }

    private string Instruments(HttpContext context)
    {
        var instType = context.Request.Query["instType"].ToString();
        var rows = _contracts.Where(c => (instType == "SWAP") == c.Key.EndsWith("-SWAP", StringComparison.Ordinal)).Select(c =>
            $$"""{"instType":"{{instType}}","instId":"{{c.Key}}","ctVal":"{{Num(c.Value.Value)}}","ctMult":"1","ctValCcy":"{{(c.Value.Type == "linear" ? c.Key.Split('-')[0] : "USD")}}","ctType":"{{c.Value.Type}}","state":"live"}""");
        return $$"""{"code":"0","msg":"","data":[{{string.Join(',', rows)}}]}""";
    }
}
