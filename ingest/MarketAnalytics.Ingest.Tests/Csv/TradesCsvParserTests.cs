using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Csv;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Tests.Csv;

public sealed class TradesCsvParserTests
{
    private static readonly InstrumentId Kraken = InstrumentId.Of(Venues.Kraken, "XBTUSDT");
    private readonly TradesCsvParser _parser = new(Kraken);
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];

    private LineParseResult Parse(string line) => _parser.ParseLine(Encoding.UTF8.GetBytes(line), _trades, _quotes);

    [Theory]
    [InlineData("1626993370")]
    [InlineData("1626993370000")]
    [InlineData("1626993370000000")]
    [InlineData("1626993370000000000")]
    [InlineData("2021-07-22T22:36:10Z")]
    [InlineData("2021-07-22T22:36:10")]
    [InlineData("2021-07-22 22:36:10")]
    [InlineData("2021-07-23T00:36:10+02:00")]
    [InlineData("2021-07-22T20:36:10-0200")]
    public void Timestamps_in_any_epoch_unit_or_iso_form_give_the_same_instant(string timestamp)
    {
        Assert.Equal(LineParseResult.Records, Parse($"7,{timestamp},100.5,2,buy"));

        Assert.Equal(new DateTime(2021, 7, 22, 22, 36, 10, DateTimeKind.Utc), Assert.Single(_trades).Time);
    }

    [Theory]
    [InlineData("1626993370.1234567", 1_234_567)]
    [InlineData("1626993370123.4567", 1_234_567)]
    [InlineData("1626993370123456.7", 1_234_567)]
    [InlineData("1626993370123456789", 1_234_567)]
    [InlineData("2021-07-22T22:36:10.123456789Z", 1_234_567)]
    [InlineData("2021-07-22T22:36:10.5Z", 5_000_000)]
    public void Fractions_of_a_second_are_kept_to_100_ns(string timestamp, long ticks)
    {
        Parse($"7,{timestamp},100.5,2,buy");

        Assert.Equal(new DateTime(2021, 7, 22, 22, 36, 10, DateTimeKind.Utc).AddTicks(ticks), Assert.Single(_trades).Time);
    }

    [Fact]
    public void Row_gives_a_trade_with_the_exact_quote_quantity_and_taker_side()
    {
        Parse("abc-1,1626993370,0.1,0.3,SELL");

        Assert.Equal(new Trade(Kraken, "abc-1", new DateTime(2021, 7, 22, 22, 36, 10, DateTimeKind.Utc), 0.1m, 0.3m, 0.03m, TakerSide.Sell),
            Assert.Single(_trades));
    }

    [Fact]
    public void Header_is_recognised_and_skipped()
    {
        Assert.Equal(LineParseResult.Ignored, Parse("trade_id,timestamp,price,size,side"));
        Assert.Equal(LineParseResult.Ignored, Parse("Trade_ID,Timestamp,Price,Size,Side"));
    }

    [Theory]
    [InlineData("1,1626993370,100,2", "expected 5 fields (trade_id,timestamp,price,size,side) in '1,1626993370,100,2'")]
    [InlineData("1,yesterday,100,2,buy", "timestamp 'yesterday' is not valid")]
    [InlineData("1,2021-02-30T00:00:00Z,100,2,buy", "timestamp '2021-02-30T00:00:00Z' is not valid")]
    [InlineData("1,-5,100,2,buy", "timestamp '-5' is not valid")]
    [InlineData("1,1626993370.,100,2,buy", "timestamp '1626993370.' is not valid")]
    [InlineData("1,.5,100,2,buy", "timestamp '.5' is not valid")]
    [InlineData("1,1626993370.1.2,100,2,buy", "timestamp '1626993370.1.2' is not valid")]
    [InlineData("1,1626993370x,100,2,buy", "timestamp '1626993370x' is not valid")]
    [InlineData("1,16269933701234567890,100,2,buy", "timestamp '16269933701234567890' is not valid")]
    [InlineData("1,9223372036854775808,100,2,buy", "timestamp '9223372036854775808' is not valid")]
    [InlineData("1,1626993370,1e999,2,buy", "price '1e999' is not valid")]
    [InlineData("1,1626993370,100,0,buy", "size '0' is not valid")]
    [InlineData("1,1626993370,100,0.000,buy", "size '0.000' is not valid")]
    [InlineData("1,1626993370,100,-0,buy", "size '-0' is not valid")]
    [InlineData("1,1626993370,-0.5,2,buy", "price '-0.5' is not valid")]
    [InlineData("1,1626993370,0e5,2,buy", "price '0e5' is not valid")]
    [InlineData("1,1626993370,-1e-3,2,buy", "price '-1e-3' is not valid")]
    [InlineData("1,1626993370,100,2,long", "side 'long' is not valid")]
    [InlineData(",1626993370,100,2,buy", "trade_id is empty")]
    public void Broken_rows_are_malformed_naming_the_field(string line, string reason)
    {
        Assert.Equal(LineParseResult.Malformed(reason), Parse(line));
        Assert.Empty(_trades);
    }
}
