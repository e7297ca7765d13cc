using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Bybit;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Tests.Bybit;

public sealed class BybitFrameParserTests
{
    private static readonly InstrumentId BtcUsdt = InstrumentId.Of("bybit", "BTCUSDT");
    private static readonly DateTime At = new(2022, 12, 29, 9, 1, 26, 865, DateTimeKind.Utc);

    private readonly BybitFrameParser _parser = new();
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];

    private FeedFrame Parse(string frame) => _parser.Parse(Encoding.UTF8.GetBytes(frame), _trades, _quotes);

    private static string TradeFrame(string id, long seq, string side = "Buy") =>
        $$"""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"{{side}}","v":"0.001","p":"16578.50","L":"PlusTick","i":"{{id}}","BT":false,"seq":{{seq}}}]}""";

    [Fact]
    public void Trades_are_exact_in_the_base_coin_with_the_taker_side_as_given()
    {
        var frame = Parse("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false,"seq":10},{"T":1672304486865,"s":"BTCUSDT","S":"Sell","v":"2","p":"16578.4","i":"20f43950-d8dd-5b31-9112-a178eb6023b0","BT":false,"seq":11}]}""");

        Assert.Equal(FeedFrameKind.Trades, frame.Kind);
        Assert.Equal(
        [
            new Trade(BtcUsdt, "20f43950-d8dd-5b31-9112-a178eb6023af", At, 16578.50m, 0.001m, 16.57850m, TakerSide.Buy),
            new Trade(BtcUsdt, "20f43950-d8dd-5b31-9112-a178eb6023b0", At, 16578.4m, 2m, 33156.8m, TakerSide.Sell),
        ], _trades);
        Assert.Null(_parser.SequenceBreak);
    }

    [Fact]
    public void Inverse_contracts_keep_their_usd_contracts_as_quote_volume_and_leave_base_volume_out()
    {
        Parse("""{"topic":"publicTrade.BTCUSD","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSD","S":"Sell","v":"100","p":"16578.5","i":"a"}]}""");

        Assert.Equal(new Trade(InstrumentId.Of("bybit", "BTCUSD"), "a", At, 16578.5m, 0m, 100m, TakerSide.Sell, Contracts: 100m), Assert.Single(_trades));
        Assert.True(BybitFrameParser.IsInverse("BTCUSDH25"));
        Assert.False(BybitFrameParser.IsInverse("BTCUSDT"));
        Assert.False(BybitFrameParser.IsInverse("BTCPERP"));
    }

    [Fact]
    public void Level_one_book_gives_the_best_bid_and_ask_at_the_matching_engine_time()
    {
        var frame = Parse("""{"topic":"orderbook.1.BTCUSDT","type":"snapshot","ts":1672304486870,"data":{"s":"BTCUSDT","b":[["16493.50","0.006"]],"a":[["16611.00","0.029"]],"u":18521288,"seq":7961638724},"cts":1672304486865}""");

        Assert.Equal(FeedFrameKind.Quotes, frame.Kind);
        Assert.Equal([new Quote(BtcUsdt, At, 16493.50m, 0.006m, 16611.00m, 0.029m)], _quotes);
    }

    [Fact]
    public void Empty_book_side_carries_zero()
    {
        Parse("""{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1672304486865,"data":{"s":"BTCUSDT","b":[],"a":[["16611.00","0.029"]],"u":5}}""");

        Assert.Equal([new Quote(BtcUsdt, At, 0m, 0m, 16611.00m, 0.029m)], _quotes);
    }

    [Fact]
    public void Acks_errors_and_pongs_are_recognised()
    {
        Assert.Equal(FeedFrameKind.Subscribed, Parse("""{"success":true,"ret_msg":"","conn_id":"c1","req_id":"","op":"subscribe"}""").Kind);
        Assert.Equal(new FeedFrame(FeedFrameKind.Error, "subscribe: Invalid symbol :[publicTrade.NOPE]"),
            Parse("""{"success":false,"ret_msg":"Invalid symbol :[publicTrade.NOPE]","conn_id":"c1","req_id":"","op":"subscribe"}"""));
        Assert.Equal(FeedFrameKind.Pong, Parse("""{"success":true,"ret_msg":"pong","conn_id":"c1","req_id":"","op":"ping"}""").Kind);
        Assert.Equal(FeedFrameKind.Pong, Parse("""{"op":"pong","args":["1675418560633"],"conn_id":"c1"}""").Kind);
        Assert.Equal(FeedFrameKind.Ignored, Parse("""{"topic":"orderbook.50.BTCUSDT","data":{}}""").Kind);
    }

    [Fact]
    public void A_trade_seq_that_steps_back_is_a_sequence_break_and_a_forward_jump_is_not()
    {
        Parse(TradeFrame("a", 100));
        Parse(TradeFrame("b", 180));
        Assert.Null(_parser.SequenceBreak);

        Parse(TradeFrame("c", 150));

        Assert.Equal("bybit:BTCUSDT: trade seq went back from 180 to 150", _parser.SequenceBreak);
        Assert.Equal(3, _trades.Count);
        Parse(TradeFrame("d", 151));
        Assert.Null(_parser.SequenceBreak);
    }

    [Fact]
    public void A_book_update_id_restarting_at_one_is_a_sequence_break()
    {
        Parse("""{"topic":"orderbook.1.BTCUSDT","ts":1672304486865,"data":{"s":"BTCUSDT","b":[["1","1"]],"a":[["2","1"]],"u":500}}""");
        Parse("""{"topic":"orderbook.1.BTCUSDT","ts":1672304486865,"data":{"s":"BTCUSDT","b":[["1","1"]],"a":[["2","1"]],"u":1}}""");

        Assert.Equal("bybit:BTCUSDT: order book update id restarted at 1 after 500 (Bybit restarted the service)", _parser.SequenceBreak);
    }

    [Theory]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"1","p":"1","i":"a"},{"T":1672304486865,"s":"BTCUSDT","S":"buy","v":"1","p":"1","i":"b"}]}""", "trade 1 (b): side 'buy' is not valid")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"-1","p":"1","i":"a"}]}""", "trade 0 (a): size '-1' is not valid")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","data":{"T":1}}""", "publicTrade data is not an array")]
    [InlineData("""{"topic":"orderbook.1.BTCUSDT","ts":1672304486865,"data":{"s":"BTCUSDT","b":[["1"]],"a":[]}}""", "orderbook: b[0] has no price and size")]
    [InlineData("""{"topic":"publicTrade.BTCUSDT"}""", "the publicTrade.BTCUSDT frame has no data")]
    public void Malformed_frames_add_nothing_and_say_why(string frame, string reason)
    {
        Assert.Equal(new FeedFrame(FeedFrameKind.Malformed, reason), Parse(frame));
        Assert.Empty(_trades);
        Assert.Empty(_quotes);
    }

    [Theory]
    [InlineData("wss://stream.bybit.com/v5/public/linear <- {\"op\":\"ping\"}", LineOutcome.NotAFrame)]
    [InlineData("1672304486.9: {\"topic\":\"publicTrade.BTCUSDT\",\"data\":[{\"T\":1672304486865,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"1\",\"p\":\"2\",\"i\":\"x\"}]}", LineOutcome.Records)]
    [InlineData("2022-12-29T09:01:26.9Z: {\"success\":true,\"op\":\"subscribe\"}", LineOutcome.Ignored)]
    [InlineData("1672304486.9: {\"topic\":", LineOutcome.Malformed)]
    public void Recorded_lines_are_read_through_the_same_parser(string line, LineOutcome outcome)
    {
        Assert.Equal(outcome, _parser.ParseLine(Encoding.UTF8.GetBytes(line), _trades, _quotes).Outcome);
    }
}
