using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Okx;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Tests.Okx;

public sealed class OkxFrameParserTests
{
    private static readonly InstrumentId Spot = InstrumentId.Of("okx", "BTC-USDT");
    private static readonly InstrumentId Swap = InstrumentId.Of("okx", "BTC-USDT-SWAP");
    private static readonly DateTime At = new(2021, 8, 27, 7, 21, 37, 897, DateTimeKind.Utc);

    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];

    private FeedFrame Parse(string frame, OkxFrameParser? parser = null) =>
        (parser ?? new OkxFrameParser()).Parse(Encoding.UTF8.GetBytes(frame), _trades, _quotes);

    [Fact]
    public void Spot_trades_are_exact_with_the_taker_side_as_given()
    {
        var frame = Parse("""{"arg":{"channel":"trades-all","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"buy","source":"0","ts":"1630048897897"},{"instId":"BTC-USDT","tradeId":"130639475","px":"42219.8","sz":"0.5","side":"sell","ts":"1630048897897"}]}""");

        Assert.Equal(FeedFrameKind.Trades, frame.Kind);
        Assert.Equal(
        [
            new Trade(Spot, "130639474", At, 42219.9m, 0.12060306m, 5091.849132894m, TakerSide.Buy),
            new Trade(Spot, "130639475", At, 42219.8m, 0.5m, 21109.90m, TakerSide.Sell),
        ], _trades);
    }

    [Fact]
    public void Contract_trades_get_their_base_quantity_from_the_contract_value()
    {
        var parser = new OkxFrameParser(new Dictionary<string, decimal> { ["BTC-USDT-SWAP"] = 0.01m });

        var frame = Parse("""{"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"9","px":"42000.5","sz":"3","side":"sell","ts":"1630048897897","count":"1"}]}""", parser);

        Assert.Equal(FeedFrameKind.Trades, frame.Kind);
        Assert.Equal([new Trade(Swap, "9", At, 42000.5m, 0.03m, 1260.015m, TakerSide.Sell, Contracts: 3m)], _trades);
    }

    [Fact]
    public void Contract_trades_without_a_contract_value_keep_their_contracts_and_leave_volume_out_and_say_so_once()
    {
        var told = new List<InstrumentId>();
        var parser = new OkxFrameParser(onContractsWithoutValue: told.Add);
        const string frame = """{"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"9","px":"42000.5","sz":"3","side":"buy","ts":"1630048897897"}]}""";

        Parse(frame, parser);
        Parse(frame.Replace("\"9\"", "\"10\""), parser);

        Assert.Equal(new Trade(Swap, "9", At, 42000.5m, 0m, 0m, TakerSide.Buy, Contracts: 3m), _trades[0]);
        Assert.Equal(2, _trades.Count);
        Assert.Equal([Swap], told);
    }

    [Fact]
    public void Bbo_frame_gives_the_best_bid_and_ask_of_the_arg_instrument()
    {
        var frame = Parse("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[["8446","95","0","3"]],"bids":[["8445.5","51","0","2"]],"ts":"1630048897897","seqId":3}]}""");

        Assert.Equal(FeedFrameKind.Quotes, frame.Kind);
        Assert.Equal([new Quote(Spot, At, 8445.5m, 51m, 8446m, 95m)], _quotes);
    }

    [Fact]
    public void Ticker_frame_gives_a_quote()
    {
        var frame = Parse("""{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instType":"SPOT","instId":"BTC-USDT","last":"9999.99","lastSz":"0.1","askPx":"9999.99","askSz":"11","bidPx":"8888.88","bidSz":"5","ts":"1630048897897"}]}""");

        Assert.Equal(FeedFrameKind.Quotes, frame.Kind);
        Assert.Equal([new Quote(Spot, At, 8888.88m, 5m, 9999.99m, 11m)], _quotes);
    }

    [Fact]
    public void Subscribe_ack_error_and_pong_are_recognised()
    {
        Assert.Equal(new FeedFrame(FeedFrameKind.Subscribed, "trades-all:BTC-USDT"),
            Parse("""{"event":"subscribe","arg":{"channel":"trades-all","instId":"BTC-USDT"},"connId":"accb8e21"}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Error, "60018: Wrong URL or channel:trades, instId:NOPE doesn't exist"),
            Parse("""{"event":"error","code":"60018","msg":"Wrong URL or channel:trades, instId:NOPE doesn't exist","connId":"a4d3ae55"}"""));
        Assert.Equal(FeedFrameKind.Pong, Parse("pong").Kind);
        Assert.Equal(FeedFrameKind.Ignored, Parse("""{"arg":{"channel":"books5","instId":"BTC-USDT"},"data":[{"asks":[]}]}""").Kind);
    }

    [Theory]
    [InlineData("""{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"1","sz":"1","side":"buy","ts":"1630048897897"},{"instId":"BTC-USDT","tradeId":"2","px":"1","sz":"1","side":"up","ts":"1630048897897"}]}""", "trade 1 (2): side 'up' is not valid")]
    [InlineData("""{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","px":"1","sz":"1","side":"buy","ts":"1"}]}""", "trade 0: tradeId is missing")]
    [InlineData("""{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"0.010000000000000000000000000001","sz":"1","side":"buy","ts":"1630048897897"}]}""", "trade 0 (1): px '0.010000000000000000000000000001' cannot be held exactly as a decimal (at most 28 decimals and 28 significant digits); it is not rounded")]
    [InlineData("""{"arg":{"channel":"trades","instId":"BTC-USDT"}}""", "the trades frame has no data")]
    [InlineData("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":"x","ts":"1"}]}""", "bbo-tbt 0: asks is not an array")]
    [InlineData("""[1,2]""", "the frame is not a JSON object")]
    public void Malformed_frames_add_nothing_and_say_why(string frame, string reason)
    {
        var result = Parse(frame);

        Assert.Equal(new FeedFrame(FeedFrameKind.Malformed, reason), result);
        Assert.Empty(_trades);
        Assert.Empty(_quotes);
    }

    [Fact]
    public void Broken_json_is_malformed()
    {
        var result = Parse("""{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":""");

        Assert.Equal(FeedFrameKind.Malformed, result.Kind);
        Assert.StartsWith("invalid JSON", result.Text);
    }

    [Theory]
    [InlineData("1630048897.123456: ")]
    [InlineData("2021-08-27T07:21:37.900Z: ")]
    [InlineData("")]
    public void Recorded_lines_take_either_receive_time_or_none(string prefix)
    {
        var result = new OkxFrameParser().ParseLine(Encoding.UTF8.GetBytes(prefix + """{"arg":{"channel":"trades-all","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"1","px":"2","sz":"3","side":"sell","ts":"1630048897897"}]}"""), _trades, _quotes);

        Assert.Equal(LineParseResult.Records, result);
        Assert.Equal(new Trade(Spot, "1", At, 2m, 3m, 6m, TakerSide.Sell), Assert.Single(_trades));
    }

    [Theory]
    [InlineData("wss://ws.okx.com:8443/ws/v5/public <- {\"op\":\"subscribe\"}", LineOutcome.NotAFrame)]
    [InlineData("wss://ws.okx.com:8443/ws/v5/public <-> connected", LineOutcome.NotAFrame)]
    [InlineData("1630048897.1: pong", LineOutcome.Ignored)]
    [InlineData("1630048897.1: hello", LineOutcome.Malformed)]
    public void Recorded_notes_are_not_frames(string line, LineOutcome outcome)
    {
        Assert.Equal(outcome, new OkxFrameParser().ParseLine(Encoding.UTF8.GetBytes(line), _trades, _quotes).Outcome);
    }
}
