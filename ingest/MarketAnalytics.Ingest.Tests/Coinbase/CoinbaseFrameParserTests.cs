using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Coinbase;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Tests.Coinbase;

public sealed class CoinbaseFrameParserTests
{
    private static readonly InstrumentId BtcUsd = InstrumentId.Parse("coinbase:BTC-USD");
    private readonly CoinbaseFrameParser _parser = new();
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];

    private CoinbaseFrame Parse(string frame) => _parser.Parse(Encoding.UTF8.GetBytes(frame), _trades, _quotes);

    [Fact]
    public void A_match_whose_maker_sold_is_a_taker_buy_with_exact_amounts()
    {
        var frame = Parse("""{"type":"match","trade_id":10,"maker_order_id":"ac928c66-ca53-498f-9c13-a110027a60e8","taker_order_id":"132fb6ae-456b-4654-b4e0-d681ac05cea1","side":"sell","size":"5.23512","price":"400.23","product_id":"BTC-USD","sequence":50,"time":"2014-11-07T08:19:27.028459Z"}""");

        Assert.Equal(new CoinbaseFrame(CoinbaseFrameKind.Trade, null, BtcUsd, 50, 10), frame);
        Assert.Equal(new Trade(BtcUsd, "10", new DateTime(2014, 11, 7, 8, 19, 27, DateTimeKind.Utc).AddTicks(284590), 400.23m, 5.23512m,
            2095.2520776m, TakerSide.Buy), Assert.Single(_trades));
    }

    [Fact]
    public void A_match_whose_maker_bought_is_a_taker_sell()
    {
        Parse("""{"type":"match","trade_id":11,"side":"buy","size":"0.001","price":"90000.01","product_id":"BTC-USD","sequence":51,"time":"2024-08-08T00:00:00.5Z"}""");

        Assert.Equal(TakerSide.Sell, Assert.Single(_trades).Side);
    }

    [Fact]
    public void Last_match_sent_on_subscribe_is_a_trade_with_its_own_trade_id()
    {
        var frame = Parse("""{"type":"last_match","trade_id":700,"maker_order_id":"a","taker_order_id":"b","side":"buy","size":"0.1","price":"100","product_id":"ETH-USD","sequence":9,"time":"2024-08-08T00:00:00Z"}""");

        Assert.Equal(CoinbaseFrameKind.Trade, frame.Kind);
        Assert.Equal(("coinbase:ETH-USD", "700"), (_trades[0].Instrument.ToString(), _trades[0].TradeId));
    }

    [Fact]
    public void Ticker_gives_the_best_bid_and_ask_at_its_time()
    {
        var frame = Parse("""{"type":"ticker","sequence":37475248783,"product_id":"ETH-USD","price":"1285.22","open_24h":"1310.79","volume_24h":"245532.79269678","low_24h":"1280.52","high_24h":"1313.8","volume_30d":"9788783.60117027","best_bid":"1285.04","best_bid_size":"0.46688654","best_ask":"1285.27","best_ask_size":"1.56637040","side":"buy","time":"2022-10-19T23:28:22.061769Z","trade_id":370843401,"last_size":"11.4396987"}""");

        Assert.Equal(CoinbaseFrameKind.Quote, frame.Kind);
        Assert.Equal(37475248783, frame.Sequence);
        Assert.Equal(new Quote(InstrumentId.Parse("coinbase:ETH-USD"), new DateTime(2022, 10, 19, 23, 28, 22, DateTimeKind.Utc).AddTicks(617690),
            1285.04m, 0.46688654m, 1285.27m, 1.56637040m), Assert.Single(_quotes));
        Assert.Empty(_trades);
    }

    [Fact]
    public void Ticker_without_a_time_is_ignored_rather_than_stamped_with_a_receive_time()
    {
        Assert.Equal(CoinbaseFrameKind.Ignored, Parse("""{"type":"ticker","sequence":1,"product_id":"BTC-USD","best_bid":"1","best_bid_size":"1","best_ask":"2","best_ask_size":"1"}""").Kind);
        Assert.Empty(_quotes);
    }

    [Fact]
    public void Subscriptions_answer_lists_the_channels()
    {
        var frame = Parse("""{"type":"subscriptions","channels":[{"name":"matches","product_ids":["BTC-USD"]},{"name":"heartbeat","product_ids":["BTC-USD"]}]}""");

        Assert.Equal(new CoinbaseFrame(CoinbaseFrameKind.Subscribed, """[{"name":"matches","product_ids":["BTC-USD"]},{"name":"heartbeat","product_ids":["BTC-USD"]}]"""), frame);
    }

    [Fact]
    public void Error_carries_message_and_reason()
    {
        Assert.Equal(new CoinbaseFrame(CoinbaseFrameKind.Error, "Failed to subscribe: NOPE-USD is not a valid product"),
            Parse("""{"type":"error","message":"Failed to subscribe","reason":"NOPE-USD is not a valid product"}"""));
    }

    [Fact]
    public void Heartbeat_carries_the_products_last_trade_id_and_sequence()
    {
        Assert.Equal(new CoinbaseFrame(CoinbaseFrameKind.Heartbeat, null, BtcUsd, 90, 20),
            Parse("""{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"}"""));
    }

    [Theory]
    [InlineData("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","1","2"]],"time":"2024-08-08T00:00:00Z"}""")]
    [InlineData("""{"type":"status","products":[],"currencies":[]}""")]
    public void Other_message_types_are_ignored(string frame)
    {
        Assert.Equal(CoinbaseFrameKind.Ignored, Parse(frame).Kind);
    }

    [Theory]
    [InlineData("""{"type":"match","trade_id":1,"side":"sell","size":"1","price":"1","product_id":"BTC-USD","sequence":1}""", "match: time is missing")]
    [InlineData("""{"type":"match","trade_id":1,"side":"taker","size":"1","price":"1","product_id":"BTC-USD","sequence":1,"time":"2024-08-08T00:00:00Z"}""", "match: side 'taker' is not valid")]
    [InlineData("""{"type":"match","trade_id":"x","side":"sell","size":"1","price":"1","product_id":"BTC-USD","sequence":1,"time":"2024-08-08T00:00:00Z"}""", "match: trade_id 'x' is not valid")]
    [InlineData("""{"type":"match","trade_id":1,"side":"sell","size":"0","price":"1","product_id":"BTC-USD","sequence":1,"time":"2024-08-08T00:00:00Z"}""", "match: size '0' is not valid")]
    [InlineData("""{"type":"match","trade_id":1,"side":"sell","size":"1","price":"1","product_id":"BTC USD","sequence":1,"time":"2024-08-08T00:00:00Z"}""", "match: product_id 'BTC USD' is not valid")]
    [InlineData("""{"type":"match","trade_id":1,"side":"sell","size":"1","price":"0.010000000000000000000000000001","product_id":"BTC-USD","sequence":1,"time":"2024-08-08T00:00:00Z"}""", "match: price '0.010000000000000000000000000001' cannot be held exactly as a decimal (at most 28 decimals and 28 significant digits); it is not rounded")]
    [InlineData("""{"product_id":"BTC-USD"}""", "type is missing")]
    [InlineData("""[1,2]""", "the message is not a JSON object")]
    public void Malformed_messages_add_nothing_and_say_why(string frame, string reason)
    {
        Assert.Equal(new CoinbaseFrame(CoinbaseFrameKind.Malformed, reason), Parse(frame));
        Assert.Empty(_trades);
    }

    [Fact]
    public void Broken_json_is_malformed()
    {
        var frame = Parse("""{"type":"match","trade_id":1,""");

        Assert.Equal(CoinbaseFrameKind.Malformed, frame.Kind);
        Assert.StartsWith("invalid JSON", frame.Text);
    }

    [Theory]
    [InlineData("1723075200.123: ")]
    [InlineData("2024-08-08T00:00:00.123Z: ")]
    [InlineData("")]
    public void Recorded_lines_with_either_receive_time_or_none_parse_the_same(string prefix)
    {
        var line = prefix + """{"type":"match","trade_id":5,"side":"sell","size":"2","price":"3","product_id":"BTC-USD","sequence":7,"time":"2024-08-08T00:00:01Z"}""";

        Assert.Equal(LineParseResult.Records, _parser.ParseLine(Encoding.UTF8.GetBytes(line), _trades, _quotes));
        Assert.Equal("5", Assert.Single(_trades).TradeId);
    }

    [Theory]
    [InlineData("wss://ws-feed.exchange.coinbase.com <- {\"type\":\"subscribe\"}")]
    [InlineData("wss://ws-feed.exchange.coinbase.com <-> connected")]
    public void Recorder_note_lines_are_not_frames(string line)
    {
        Assert.Equal(LineParseResult.NotAFrame, _parser.ParseLine(Encoding.UTF8.GetBytes(line), _trades, _quotes));
    }

    [Fact]
    public void A_receive_time_followed_by_no_json_is_malformed()
    {
        Assert.Equal(LineOutcome.Malformed, _parser.ParseLine("1723075200.5: garbage"u8, _trades, _quotes).Outcome);
    }
}
