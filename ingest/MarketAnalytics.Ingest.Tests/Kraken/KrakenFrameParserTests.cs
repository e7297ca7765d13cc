using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Kraken;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Tests.Kraken;

public sealed class KrakenFrameParserTests
{
    private static readonly InstrumentId BtcUsd = InstrumentId.Parse("kraken:BTC/USD");
    private readonly KrakenFrameParser _parser = new();
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];

    private FeedFrame Parse(string frame) => _parser.Parse(Encoding.UTF8.GetBytes(frame), _trades, _quotes);

    [Fact]
    public void V2_trades_keep_their_trade_id_taker_side_and_exact_amounts()
    {
        var frame = Parse("""{"channel":"trade","type":"update","data":[{"symbol":"MATIC/USD","side":"sell","price":0.5117,"qty":40.0,"ord_type":"market","trade_id":4665906,"timestamp":"2023-09-25T07:49:37.708706Z"},{"symbol":"MATIC/USD","side":"buy","price":0.5118,"qty":1.5e-3,"ord_type":"limit","trade_id":4665907,"timestamp":"2023-09-25T07:49:37.708706Z"}]}""");

        Assert.Equal(FeedFrameKind.Trades, frame.Kind);
        var matic = InstrumentId.Parse("kraken:MATIC/USD");
        var time = new DateTime(2023, 9, 25, 7, 49, 37, DateTimeKind.Utc).AddTicks(7087060);
        Assert.Equal(
        [
            new Trade(matic, "4665906", time, 0.5117m, 40.0m, 20.46800m, TakerSide.Sell),
            new Trade(matic, "4665907", time, 0.5118m, 0.0015m, 0.00076770m, TakerSide.Buy),
        ], _trades);
    }

    [Fact]
    public void V2_ticker_gives_a_quote_at_its_timestamp_and_one_without_a_timestamp_is_left_out()
    {
        var frame = Parse("""{"channel":"ticker","type":"snapshot","data":[{"symbol":"BTC/USD","bid":60000.1,"bid_qty":0.5,"ask":60000.2,"ask_qty":1.25,"last":60000.1,"volume":100,"vwap":59000,"low":58000,"high":61000,"change":10,"change_pct":0.01,"timestamp":"2024-08-08T00:00:01.000001Z"}]}""");

        Assert.Equal(FeedFrameKind.Quotes, frame.Kind);
        Assert.Equal(new Quote(BtcUsd, new DateTime(2024, 8, 8, 0, 0, 1, DateTimeKind.Utc).AddTicks(10), 60000.1m, 0.5m, 60000.2m, 1.25m), Assert.Single(_quotes));
        Assert.Equal(FeedFrameKind.Ignored, Parse("""{"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":1,"bid_qty":1,"ask":2,"ask_qty":1}]}""").Kind);
        Assert.Single(_quotes);
    }

    [Fact]
    public void V2_acks_errors_heartbeats_pongs_and_status_are_recognised()
    {
        Assert.Equal(new FeedFrame(FeedFrameKind.Subscribed, "trade BTC/USD"),
            Parse("""{"method":"subscribe","result":{"channel":"trade","snapshot":true,"symbol":"BTC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Error, "subscribe: Currency pair not supported NOPE/USD"),
            Parse("""{"error":"Currency pair not supported NOPE/USD","method":"subscribe","success":false,"symbol":"NOPE/USD","time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Heartbeat), Parse("""{"channel":"heartbeat"}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Pong), Parse("""{"method":"pong","req_id":3,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Status, "online"),
            Parse("""{"channel":"status","type":"update","data":[{"version":"2.0.0","system":"online","api_version":"v2","connection_id":123}]}"""));
        Assert.Equal(FeedFrameKind.Ignored, Parse("""{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[]}]}""").Kind);
        Assert.Empty(_trades);
    }

    [Fact]
    public void V1_trades_map_xbt_to_btc_and_get_ids_derived_from_their_fields_and_position()
    {
        const string message = """[0,[["5541.20000","0.15850568","1534614057.321597","s","l",""],["5541.20000","0.15850568","1534614057.321597","s","l",""],["6060.00000","0.02455000","1534614057.324998","b","l",""]],"trade","XBT/USD"]""";

        Assert.Equal(FeedFrameKind.Trades, Parse(message).Kind);

        Assert.Equal(["v1-1534614057.321597-0-s-5541.20000-0.15850568", "v1-1534614057.321597-1-s-5541.20000-0.15850568", "v1-1534614057.324998-2-b-6060.00000-0.02455000"],
            _trades.Select(t => t.TradeId));
        Assert.All(_trades, t => Assert.Equal(BtcUsd, t.Instrument));
        Assert.Equal([TakerSide.Sell, TakerSide.Sell, TakerSide.Buy], _trades.Select(t => t.Side));
        Assert.Equal(new DateTime(2018, 8, 18, 17, 40, 57, DateTimeKind.Utc).AddTicks(3215970), _trades[0].Time);
        Assert.Equal(878.311674016m, _trades[0].QuoteQuantity);

        var again = new List<Trade>();
        new KrakenFrameParser().Parse(Encoding.UTF8.GetBytes(message), again, []);
        Assert.Equal(_trades, again);
    }

    [Fact]
    public void V1_spread_gives_a_quote_and_v1_ticker_which_has_no_time_is_ignored()
    {
        Assert.Equal(FeedFrameKind.Quotes, Parse("""[0,["5698.40000","5700.00000","1542057299.545897","1.01234567","0.98765432"],"spread","XBT/USD"]""").Kind);
        Assert.Equal(new Quote(BtcUsd, new DateTime(2018, 11, 12, 21, 14, 59, DateTimeKind.Utc).AddTicks(5458970), 5698.40000m, 1.01234567m, 5700.00000m, 0.98765432m),
            Assert.Single(_quotes));
        Assert.Equal(FeedFrameKind.Ignored, Parse("""[0,{"a":["5525.40000",1,"1.000"],"b":["5525.10000",1,"1.000"]},"ticker","XBT/USD"]""").Kind);
        Assert.Equal(FeedFrameKind.Ignored, Parse("""[1234,{"a":[["5541.30000","2.50700000","1534614248.456738"]]},{"b":[["5541.20000","1.52900000","1534614248.765567"]]},"book-10","XBT/USD"]""").Kind);
    }

    [Fact]
    public void V1_events_are_recognised()
    {
        Assert.Equal(new FeedFrame(FeedFrameKind.Heartbeat), Parse("""{"event":"heartbeat"}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Pong), Parse("""{"event":"pong","reqid":42}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Status, "online"), Parse("""{"connectionID":8628615390848610000,"event":"systemStatus","status":"online","version":"1.0.0"}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Subscribed, "trade XBT/USD"),
            Parse("""{"channelID":10001,"channelName":"trade","event":"subscriptionStatus","pair":"XBT/USD","status":"subscribed","subscription":{"name":"trade"}}"""));
        Assert.Equal(new FeedFrame(FeedFrameKind.Error, "Currency pair not in ISO 4217-A3 format XBTUSD"),
            Parse("""{"errorMessage":"Currency pair not in ISO 4217-A3 format XBTUSD","event":"subscriptionStatus","pair":"XBTUSD","status":"error","subscription":{"name":"trade"}}"""));
    }

    [Theory]
    [InlineData("""{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":1,"qty":1,"trade_id":1,"timestamp":"2024-08-08T00:00:00Z"},{"symbol":"BTC/USD","side":"buy","price":1,"qty":1,"timestamp":"2024-08-08T00:00:00Z"}]}""", "trade 1: trade_id is missing")]
    [InlineData("""{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"maker","price":1,"qty":1,"trade_id":1,"timestamp":"2024-08-08T00:00:00Z"}]}""", "trade 0: side 'maker' is not valid")]
    [InlineData("""{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":-1,"qty":1,"trade_id":1,"timestamp":"2024-08-08T00:00:00Z"}]}""", "trade 0: price '-1' is not valid")]
    [InlineData("""{"channel":"trade","type":"update"}""", "the trade message has no data")]
    [InlineData("""[0,[["1","1","x","b","l",""]],"trade","XBT/USD"]""", "trade 0: time 'x' is not valid")]
    [InlineData("""[0,[["1","1","1534614057.1","x","l",""]],"trade","XBT/USD"]""", "trade 0: side 'x' is not valid")]
    [InlineData("""[0,[[1,"1","1534614057.1","b","l",""]],"trade","XBT/USD"]""", "trade 0 is not [price, volume, time, side, orderType, misc]")]
    [InlineData("""[0,"trade","XBT/USD"]""", "a v1 channel message needs [channelID, payload, channelName, pair]")]
    [InlineData("""{"foo":1}""", "the message has neither channel, method nor event")]
    public void Malformed_messages_add_nothing_and_say_why(string frame, string reason)
    {
        Assert.Equal(new FeedFrame(FeedFrameKind.Malformed, reason), Parse(frame));
        Assert.Empty(_trades);
    }

    [Fact]
    public void Broken_json_is_malformed()
    {
        Assert.StartsWith("invalid JSON", Parse("""{"channel":"trade","data":[{""").Text);
    }

    [Theory]
    [InlineData("1723075200.123: ")]
    [InlineData("2024-08-08T00:00:00.123456Z: ")]
    public void Recorded_lines_of_both_versions_parse(string prefix)
    {
        Assert.Equal(LineParseResult.Records, _parser.ParseLine(Encoding.UTF8.GetBytes(prefix + """[0,[["1.5","2","1534614057.1","b","m",""]],"trade","XDG/USD"]"""), _trades, _quotes));
        Assert.Equal(LineParseResult.Records, _parser.ParseLine(Encoding.UTF8.GetBytes(prefix + """{"channel":"trade","type":"snapshot","data":[{"symbol":"DOGE/USD","side":"buy","price":0.1,"qty":10,"trade_id":9,"timestamp":"2024-08-08T00:00:00Z"}]}"""), _trades, _quotes));
        Assert.Equal(LineParseResult.NotAFrame, _parser.ParseLine("wss://ws.kraken.com/v2 <- {\"method\":\"subscribe\"}"u8, _trades, _quotes));
        Assert.All(_trades, t => Assert.Equal("kraken:DOGE/USD", t.Instrument.ToString()));
    }

    [Theory]
    [InlineData("BTC/USD", "XBTUSD")]
    [InlineData("DOGE/EUR", "XDGEUR")]
    [InlineData("ETH/BTC", "ETHXBT")]
    [InlineData("XMR/USD", "XMRUSD")]
    public void Rest_pair_names_use_krakens_legacy_asset_names(string symbol, string pair)
    {
        Assert.Equal(pair, KrakenSymbols.ToRestPair(symbol));
    }
}
