using System.IO.Compression;
using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Binance;

public sealed class BinanceFrameParserTests
{
    private static readonly InstrumentId Usdm = InstrumentId.Of(Venues.BinanceUsdm, "BTCUSDT");
    private readonly BinanceFrameParser _parser = new(Venues.BinanceUsdm);
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];

    private LineParseResult Parse(string line) => _parser.ParseLine(Encoding.UTF8.GetBytes(line), _trades, _quotes);

    [Fact]
    public void Trade_frame_gives_an_exact_trade_at_the_trade_time()
    {
        var result = Parse("""1721347201292005428 {"stream":"btcusdt@trade","data":{"e":"trade","E":1721347202813,"T":1721347202812,"s":"BTCUSDT","t":5182006711,"p":"63960.00","q":"0.310","X":"MARKET","m":false}}""");

        Assert.Equal(LineParseResult.Records, result);
        Assert.Equal(new Trade(Usdm, "5182006711", DateTime.UnixEpoch.AddMilliseconds(1721347202812), 63960.00m, 0.310m, 19827.6m, TakerSide.Buy),
            Assert.Single(_trades));
    }

    [Fact]
    public void Buyer_as_maker_means_the_taker_sold()
    {
        Parse("""1721347201302842343 {"stream":"btcusdt@trade","data":{"e":"trade","E":1721347202824,"T":1721347202824,"s":"BTCUSDT","t":5182006712,"p":"63959.90","q":"0.003","X":"MARKET","m":true}}""");

        Assert.Equal(TakerSide.Sell, Assert.Single(_trades).Side);
    }

    [Fact]
    public void Insurance_fund_trade_is_logged_but_not_a_market_trade()
    {
        Parse("""1680652874408176 {"stream":"btcusdt@trade","data":{"e":"trade","E":1680652874406,"T":1680652874400,"s":"BTCUSDT","t":3535191080,"p":"28722.50","q":"0.001","X":"INSURANCE_FUND","m":true}}""");

        Assert.False(Assert.Single(_trades).IsMarket);
    }

    [Fact]
    public void Spot_trade_without_an_execution_type_is_a_market_trade()
    {
        var spot = new BinanceFrameParser();
        spot.ParseLine("""1723161600164378285 {"stream":"btcusdt@trade","data":{"e":"trade","E":1723161601438,"s":"BTCUSDT","t":3735693016,"p":"61685.99000000","q":"0.00017000","T":1723161601437,"m":true,"M":true}}"""u8, _trades, _quotes);

        var trade = Assert.Single(_trades);
        Assert.Equal(InstrumentId.Of(Venues.Binance, "BTCUSDT"), trade.Instrument);
        Assert.True(trade.IsMarket);
        Assert.Equal(61685.99m * 0.00017m, trade.QuoteQuantity);
    }

    [Fact]
    public void Book_ticker_gives_a_quote_at_its_transaction_time()
    {
        Parse("""1721347201291825027 {"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":4984035701909,"s":"BTCUSDT","b":"63959.90","B":"20.327","a":"63960.00","A":"4.952","T":1721347202812,"E":1721347202813}}""");

        Assert.Equal(new Quote(Usdm, DateTime.UnixEpoch.AddMilliseconds(1721347202812), 63959.90m, 20.327m, 63960.00m, 4.952m), Assert.Single(_quotes));
    }

    [Fact]
    public void Spot_book_ticker_without_an_exchange_time_is_ignored_rather_than_stamped_with_the_receive_time()
    {
        var result = Parse("""1723161600001692584 {"stream":"btcusdt@bookTicker","data":{"u":50093421613,"s":"BTCUSDT","b":"61685.99000000","B":"1.25869000","a":"61686.00000000","A":"2.44816000"}}""");

        Assert.Equal(LineParseResult.Ignored, result);
        Assert.Empty(_quotes);
    }

    [Fact]
    public void Depth_frames_are_ignored_from_the_stream_name_without_reading_their_data()
    {
        // The data is cut off on purpose: a skipped stream must not be read past its name.
        var result = Parse("""1680652800005184 {"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1680652800016,"b":[["22300.00","2.7""");

        Assert.Equal(LineParseResult.Ignored, result);
    }

    [Fact]
    public void Rest_snapshot_line_without_a_stream_is_ignored()
    {
        Assert.Equal(LineParseResult.Ignored, Parse("""1680652700599351 {"lastUpdateId": 2710246765483, "E": 1680652700590, "T": 1680652700580, "bids": [["28145.10", "3.818"]], "asks": []}"""));
    }

    [Fact]
    public void Data_written_before_the_stream_name_is_still_read()
    {
        Parse("""{"data":{"e":"trade","T":1721347202812,"s":"BTCUSDT","t":1,"p":"1.5","q":"2","m":false},"stream":"btcusdt@trade"}""");

        Assert.Equal(3m, Assert.Single(_trades).QuoteQuantity);
    }

    [Theory]
    [InlineData("""1 {"stream":"btcusdt@trade","data":{"T":1721347202812,"s":"BTCUSDT","t":1,"p":"abc","q":"2","m":false}}""", "trade: p 'abc' is not valid")]
    [InlineData("""1 {"stream":"btcusdt@trade","data":{"T":1721347202812,"s":"BTCUSDT","t":1,"p":"1","q":"2"}}""", "trade: m is missing or not a boolean")]
    [InlineData("""1 {"stream":"btcusdt@trade","data":{"s":"BTCUSDT","t":1,"p":"1","q":"2","m":true}}""", "trade: T is missing")]
    [InlineData("""1 {"stream":"btcusdt@trade"}""", "the frame has no data")]
    [InlineData("""garbage here""", "expected '<receive timestamp> <frame>' but the line starts 'garbage here'")]
    public void Broken_lines_are_malformed_with_a_reason(string line, string reason)
    {
        Assert.Equal(LineParseResult.Malformed(reason), Parse(line));
        Assert.Empty(_trades);
    }

    [SharedDataFact]
    public void Recorded_usdm_file_gives_every_trade_and_quote_and_skips_the_rest()
    {
        using var file = new GZipStream(File.OpenRead(SharedData.Path("binance-usdm-btcusdt/2023-04-05T0000.frames.gz")), CompressionMode.Decompress);
        using var lines = new StreamReader(file);
        var outcomes = new Dictionary<LineOutcome, int>();
        while (lines.ReadLine() is { } line)
        {
            var outcome = Parse(line).Outcome;
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // Counted with grep: 10738 trade, 37440 bookTicker, 11788 depth and 415 markPrice frames.
        Assert.Equal(10738, _trades.Count);
        Assert.Equal(37440, _quotes.Count);
        Assert.Equal(11788 + 415, outcomes[LineOutcome.Ignored]);
        Assert.False(outcomes.ContainsKey(LineOutcome.Malformed));
        Assert.Single(_trades, t => !t.IsMarket);
        var ids = _trades.Select(t => long.Parse(t.TradeId.ToString())).ToList();
        Assert.Equal(Enumerable.Range(0, ids.Count).Select(i => ids[0] + i), ids);
    }
}
