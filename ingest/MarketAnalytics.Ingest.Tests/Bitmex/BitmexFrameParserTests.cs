using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Bitmex;

public sealed class BitmexFrameParserTests
{
    private readonly BitmexFrameParser _parser = new();
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];

    private BitmexFrame Parse(string frame) => _parser.Parse(Encoding.UTF8.GetBytes(frame), _trades, _quotes);

    [Fact]
    public void Welcome_frame_is_recognised_with_its_version()
    {
        var frame = Parse("""{"info":"Welcome to the BitMEX Realtime API.","version":"2021-07-14T01:26:29.000Z","timestamp":"2021-07-22T22:36:07.865Z","docs":"https://www.bitmex.com/app/wsAPI","limit":{"remaining":39}}""");

        Assert.Equal(BitmexFrameKind.Welcome, frame.Kind);
        Assert.Equal("Welcome to the BitMEX Realtime API. (version 2021-07-14T01:26:29.000Z)", frame.Text);
    }

    [Fact]
    public void Subscribe_ack_names_the_subscription()
    {
        var frame = Parse("""{"success":true,"subscribe":"trade:XBTUSD","request":{"op":"subscribe","args":["trade:XBTUSD","quote:XBTUSD"]}}""");

        Assert.Equal(new BitmexFrame(BitmexFrameKind.Subscribed, "trade:XBTUSD"), frame);
    }

    [Fact]
    public void Error_frame_carries_its_status_and_message()
    {
        var frame = Parse("""{"status":400,"error":"Unknown or expired symbol: trade:NOPE","meta":{},"request":{"op":"subscribe","args":["trade:NOPE"]}}""");

        Assert.Equal(new BitmexFrame(BitmexFrameKind.Error, "400: Unknown or expired symbol: trade:NOPE"), frame);
    }

    [Fact]
    public void Pong_heartbeat_is_recognised()
    {
        Assert.Equal(BitmexFrameKind.Pong, Parse("pong").Kind);
    }

    [Fact]
    public void Trade_insert_gives_exact_trades_with_contracts_and_notionals()
    {
        var frame = Parse("""{"table":"trade","action":"insert","data":[{"timestamp":"2021-07-22T22:36:11.685Z","symbol":"XBTUSD","side":"Buy","size":100,"price":32180.5,"tickDirection":"PlusTick","trdMatchID":"6e70bebe-235e-08a6-d11b-e1042bf1f2ed","grossValue":310747,"homeNotional":0.00310747,"foreignNotional":100},{"timestamp":"2021-07-22T22:36:19.764Z","symbol":"MATICUSDT","side":"Sell","size":1199,"price":0.8795,"tickDirection":"PlusTick","trdMatchID":"3b2d6d74-b858-2413-ec15-715b1e7a251c","grossValue":10545205,"homeNotional":3857.7863577863577,"foreignNotional":3392.923101673102}]}""");

        Assert.Equal(BitmexFrameKind.Trades, frame.Kind);
        Assert.Equal(
        [
            new Trade(InstrumentId.Of("bitmex", "XBTUSD"), "6e70bebe-235e-08a6-d11b-e1042bf1f2ed",
                new DateTime(2021, 7, 22, 22, 36, 11, 685, DateTimeKind.Utc), 32180.5m, 0.00310747m, 100m, TakerSide.Buy, Contracts: 100m),
            new Trade(InstrumentId.Of("bitmex", "MATICUSDT"), "3b2d6d74-b858-2413-ec15-715b1e7a251c",
                new DateTime(2021, 7, 22, 22, 36, 19, 764, DateTimeKind.Utc), 0.8795m, 3857.7863577863577m, 3392.923101673102m, TakerSide.Sell,
                Contracts: 1199m),
        ], _trades);
        Assert.Equal(DateTimeKind.Utc, _trades[0].Time.Kind);
    }

    [Fact]
    public void Partial_with_keys_types_and_filter_gives_its_trades()
    {
        var frame = Parse("""{"table":"trade","action":"partial","keys":[],"types":{"timestamp":"timestamp","symbol":"symbol","side":"symbol","size":"long","price":"float","tickDirection":"symbol","trdMatchID":"guid","grossValue":"long","homeNotional":"float","foreignNotional":"float"},"foreignKeys":{"symbol":"instrument","side":"side"},"attributes":{"timestamp":"sorted","symbol":"grouped"},"filter":{"symbol":"XRPU21"},"data":[{"timestamp":"2021-07-22T22:24:15.328Z","symbol":"XRPU21","side":"Sell","size":15,"price":0.00001819,"tickDirection":"MinusTick","trdMatchID":"8f8fe9db-eb13-26a5-dea2-a398d89e04a8","grossValue":27285,"homeNotional":15,"foreignNotional":0.00027285}]}""");

        Assert.Equal(BitmexFrameKind.Trades, frame.Kind);
        var trade = Assert.Single(_trades);
        Assert.Equal(0.00001819m, trade.Price);
        Assert.Equal(0.00027285m, trade.QuoteQuantity);
        Assert.Equal(TakerSide.Sell, trade.Side);
    }

    [Fact]
    public void Price_written_in_exponent_notation_is_read_exactly()
    {
        Parse("""{"table":"trade","action":"insert","data":[{"timestamp":"2021-07-22T22:24:15.328Z","symbol":"XRPU21","side":"Buy","size":15,"price":1.819e-5,"trdMatchID":"a","homeNotional":15,"foreignNotional":2.7285e-4}]}""");

        Assert.Equal(0.00001819m, Assert.Single(_trades).Price);
        Assert.Equal(0.00027285m, _trades[0].QuoteQuantity);
    }

    [Fact]
    public void Data_written_before_the_table_name_is_still_read()
    {
        var frame = Parse("""{"data":[{"timestamp":"2021-07-22T22:36:09.757Z","symbol":"XBTUSD","bidSize":1046200,"bidPrice":32180,"askPrice":32180.5,"askSize":161000}],"action":"insert","table":"quote"}""");

        Assert.Equal(BitmexFrameKind.Quotes, frame.Kind);
        Assert.Equal(new Quote(InstrumentId.Of("bitmex", "XBTUSD"), new DateTime(2021, 7, 22, 22, 36, 9, 757, DateTimeKind.Utc), 32180m, 1046200m, 32180.5m, 161000m),
            Assert.Single(_quotes));
    }

    [Fact]
    public void Quote_side_that_is_omitted_or_null_is_zero()
    {
        Parse("""{"table":"quote","action":"insert","data":[{"timestamp":"2021-07-22T22:36:09.757Z","symbol":"XBTUSD","bidPrice":null,"askPrice":32180.5,"askSize":161000}]}""");

        var quote = Assert.Single(_quotes);
        Assert.Equal((0m, 0m, 32180.5m, 161000m), (quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize));
    }

    [Fact]
    public void Order_book_frames_are_ignored_without_reading_their_data()
    {
        // The data is broken on purpose: an ignored table must not be read past its name.
        var frame = Parse("""{"table":"orderBookL2","action":"update","data":[{"symbol":"XBTUSD","id":8796,"side":"Sell","size":"oops""");

        Assert.Equal(BitmexFrameKind.Ignored, frame.Kind);
        Assert.Empty(_quotes);
    }

    [Fact]
    public void Trade_missing_a_field_rejects_the_whole_frame_and_names_the_field()
    {
        var frame = Parse("""{"table":"trade","action":"insert","data":[{"timestamp":"2021-07-22T22:36:11.685Z","symbol":"XBTUSD","side":"Buy","size":100,"price":32180.5,"trdMatchID":"a1","homeNotional":0.00310747,"foreignNotional":100},{"timestamp":"2021-07-22T22:36:11.685Z","symbol":"XBTUSD","side":"Buy","size":100,"price":32180.5,"trdMatchID":"a2","homeNotional":null,"foreignNotional":100}]}""");

        Assert.Equal(new BitmexFrame(BitmexFrameKind.Malformed, "trade 1 (a2): homeNotional is missing"), frame);
        Assert.Empty(_trades);
    }

    [Theory]
    [InlineData("""{"table":"trade","action":"insert","data":[{"timestamp":"yesterday","symbol":"XBTUSD","side":"Buy","size":1,"price":1,"trdMatchID":"a","homeNotional":1,"foreignNotional":1}]}""", "trade 0 (a): timestamp 'yesterday' is not valid")]
    [InlineData("""{"table":"trade","action":"insert","data":[{"timestamp":"2021-07-22T22:36:11.685Z","symbol":"XBTUSD","side":"Up","size":1,"price":1,"trdMatchID":"a","homeNotional":1,"foreignNotional":1}]}""", "trade 0 (a): side 'Up' is not valid")]
    [InlineData("""{"table":"trade","action":"insert"}""", "the trade frame has no data")]
    [InlineData("""[1,2]""", "the frame is not a JSON object")]
    [InlineData("""{"table":5,"action":"insert","data":[]}""", "table is not a string")]
    [InlineData("""{"table":"trade","action":null,"data":[]}""", "action is not a string")]
    [InlineData("""{"table":"trade","action":"insert","data":{"a":1}}""", "the trade frame's data is not an array")]
    [InlineData("""{"table":"quote","action":"insert","data":[7]}""", "quote 0 is not a JSON object")]
    public void Broken_frames_are_malformed_with_a_reason(string json, string reason)
    {
        Assert.Equal(new BitmexFrame(BitmexFrameKind.Malformed, reason), Parse(json));
        Assert.Empty(_trades);
    }

    [Fact]
    public void Truncated_json_is_malformed()
    {
        var frame = Parse("""{"table":"trade","action":"insert","data":[{"timestamp":"2021-07-22T22:36:11.685Z","sym""");

        Assert.Equal(BitmexFrameKind.Malformed, frame.Kind);
        Assert.StartsWith("invalid JSON", frame.Text);
    }

    [Fact]
    public void Recording_lines_with_and_without_receive_time_are_frames_and_connection_notes_are_not()
    {
        LineOutcome Line(string text) => _parser.ParseLine(Encoding.UTF8.GetBytes(text), _trades, _quotes).Outcome;

        Assert.Equal(LineOutcome.NotAFrame, Line("""wss://www.bitmex.com/realtime <- 1626993367.874177: {"op":"subscribe","args":["trade:XBTUSD"]}"""));
        Assert.Equal(LineOutcome.Ignored, Line("""1626993368.001765: {"success":true,"subscribe":"trade:XBTUSD"}"""));
        Assert.Equal(LineOutcome.Ignored, Line("pong"));
        Assert.Equal(LineOutcome.Records, Line("""{"table":"quote","action":"insert","data":[]}"""));
        Assert.Equal(LineOutcome.Malformed, Line("1626993368.001765: not json"));
    }

    [SharedDataFact]
    public void Recorded_bitmex_session_parses_every_trade_and_quote_frame()
    {
        var outcomes = new Dictionary<LineOutcome, int>();
        foreach (var line in File.ReadLines(SharedData.Path("bitmex/2021-07-22T2236.ws-recording.txt")))
        {
            var outcome = _parser.ParseLine(Encoding.UTF8.GetBytes(line), _trades, _quotes).Outcome;
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // 4 connection notes; 10 partial + 7 insert trade frames and 10 + 83 quote frames; the rest are order book and acks.
        Assert.Equal(4, outcomes[LineOutcome.NotAFrame]);
        Assert.Equal(10 + 7 + 10 + 83, outcomes[LineOutcome.Records]);
        Assert.False(outcomes.ContainsKey(LineOutcome.Malformed));
        Assert.Equal(10, _trades.Select(t => t.Instrument).Distinct().Count());
        Assert.All(_trades, t => Assert.Equal(Venues.Bitmex, t.Instrument.Venue));
        Assert.Equal(_trades.Count, _trades.Select(t => t.TradeId).Distinct().Count());
        var xbt = _trades.Single(t => t.TradeId == "6e70bebe-235e-08a6-d11b-e1042bf1f2ed");
        Assert.Equal((32180.5m, 100m, 0.00310747m, 100m), (xbt.Price, xbt.Contracts, xbt.BaseQuantity, xbt.QuoteQuantity));
    }
}
