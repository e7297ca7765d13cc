using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Tests.Binance;

/// <summary>The compact-frame path and the JSON reader's path must give the same result for every frame: the frames Binance
/// sends, and each of them broken one byte at a time.</summary>
public sealed class BinanceCompactFrameTests
{
    private static readonly string[] Frames =
    [
        """{"stream":"btcusdt@trade","data":{"e":"trade","E":1721347202813,"T":1721347202812,"s":"BTCUSDT","t":5182006711,"p":"63960.00","q":"0.310","X":"MARKET","m":false}}""",
        """{"stream":"btcusdt@trade","data":{"e":"trade","E":1680652874406,"T":1680652874400,"s":"BTCUSDT","t":3535191080,"p":"28722.50","q":"0.001","X":"INSURANCE_FUND","m":true}}""",
        """{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161601438,"s":"BTCUSDT","t":3735693016,"p":"61685.99000000","q":"0.00017000","T":1723161601437,"m":true,"M":true}}""",
        """{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":4984035701909,"s":"BTCUSDT","b":"63959.90","B":"20.327","a":"63960.00","A":"4.952","T":1721347202812,"E":1721347202813}}""",
        """{"stream":"btcusdt@bookTicker","data":{"u":50093421613,"s":"BTCUSDT","b":"61685.99000000","B":"1.25869000","a":"61686.00000000","A":"2.44816000"}}""",
        """{"stream":"btcusdt@ticker","data":{"e":"24hrTicker","E":1723161601000,"s":"BTCUSDT","p":"-12.5","P":"-0.020","c":"61686.00","b":"61685.99","B":"1.2","a":"61686.00","A":"0.5","n":1e3,"x":null}}""",
        """{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1680652800016,"b":[["22300.00","2.7"]],"a":[]}}""",
    ];

    // Still the compact shape, with values of other kinds than Binance sends, given twice, or none.
    private static readonly string[] OddFrames =
    [
        """{"stream":"btcusdt@trade","data":{"T":1721347202812,"s":"BTCUSDT","t":1,"p":"1.5","q":"2","m":"true"}}""",
        """{"stream":"btcusdt@trade","data":{"T":1721347202812,"s":"BTCUSDT","t":1,"p":"1.5","q":"2","m":1}}""",
        """{"stream":"btcusdt@trade","data":{"T":1721347202812,"s":"BTCUSDT","t":1,"p":true,"q":2,"m":null,"X":null}}""",
        """{"stream":"btcusdt@trade","data":{"T":"1721347202812","s":"BTCUSDT","t":"7","p":1.5,"q":2e0,"m":1,"m":false,"p":"2.5","X":"ADL"}}""",
        """{"stream":"btcusdt@bookTicker","data":{"s":"BTCUSDT","b":1,"B":-0.5,"a":"2","A":"3","T":false,"E":1721347202813}}""",
        """{"stream":"btcusdt@trade","data":{}}""",
    ];

    // Bytes that change what JSON means: structure, quotes and escapes, whitespace, number parts, literals, non-ASCII.
    private static readonly byte[] Replacements = [.. "\"\\ ,:{}[]0-.eEtfnx+9"u8, 0x01, 0x7F, 0xC3];

    [Fact]
    public void Both_paths_agree_on_every_frame_and_every_one_byte_break_of_it()
    {
        var compact = 0;
        var declined = 0;
        foreach (var frame in Frames.Concat(OddFrames).Select(Encoding.UTF8.GetBytes))
        {
            foreach (var variant in Variants(frame))
            {
                AssertSameResult(variant);
                if (TakesCompactPath(variant)) compact++;
                else declined++;
            }
        }

        // Both paths are exercised by the breaks, not one of them only.
        Assert.True(compact > 1000, $"{compact} frames took the compact path");
        Assert.True(declined > 1000, $"{declined} frames were declined");
    }

    [Fact]
    public void Every_frame_binance_sends_takes_the_compact_path_and_so_do_odd_values_in_its_shape()
    {
        foreach (var frame in Frames.Concat(OddFrames).Select(Encoding.UTF8.GetBytes))
            Assert.True(TakesCompactPath(frame), Encoding.UTF8.GetString(frame));
    }

    [Theory]
    [InlineData("""{"stream":"btcusdt@trade", "data":{"T":1,"s":"BTCUSDT","t":1,"p":"1","q":"1","m":true}}""")]
    [InlineData("""{"stream":"btcusdt@trade","data":{"T":1,"s":"BTCUSDT","t":1,"p":"1","q":"1","m":true}} """)]
    [InlineData("""{"stream":"btcusdt@trade","data":{"T":1,"s":"BTCUSDT","t":1,"p":"1\u0030","q":"1","m":true}}""")]
    [InlineData("""{"stream":"btcusdt@trade","data":{"T":1,"s":"BTCUSDT","t":01,"p":"1","q":"1","m":true}}""")]
    [InlineData("""{"stream":"btcusdt@trade","data":{"T":1,"s":"BTCUSDT","t":1,"p":"1","q":"1","m":true,"o":{}}}""")]
    [InlineData("""{"stream":"btcusdt@trade","data":{"T":1,"s":"BTCUSDT","t":1,"p":"1","q":"1","m":tru}}""")]
    [InlineData("""{"data":{"T":1,"s":"BTCUSDT","t":1,"p":"1","q":"1","m":true},"stream":"btcusdt@trade"}""")]
    public void What_is_not_exactly_the_compact_shape_is_declined_and_read_by_the_json_reader(string frame)
    {
        var bytes = Encoding.UTF8.GetBytes(frame);
        Assert.False(TakesCompactPath(bytes));
        AssertSameResult(bytes);
    }

    private static bool TakesCompactPath(byte[] frame)
    {
        var payload = new BinancePayload();
        return BinanceCompactFrame.TryReadStream(frame, out var name, out var rest)
            && (!name.EndsWith("@trade"u8) && !name.EndsWith("@bookTicker"u8) && !name.EndsWith("@ticker"u8) || BinanceCompactFrame.TryReadData(rest, ref payload));
    }

    private static void AssertSameResult(byte[] frame)
    {
        List<Trade> trades = [], readerTrades = [];
        List<Quote> quotes = [], readerQuotes = [];
        var result = new BinanceFrameParser(Venues.BinanceUsdm).ParseFrame(frame, trades, quotes);
        var readerResult = new BinanceFrameParser(Venues.BinanceUsdm).ReadFrame(frame, readerTrades, readerQuotes);

        var what = Encoding.UTF8.GetString(frame);
        Assert.True(readerResult == result, $"{what}: {result} but the JSON reader gives {readerResult}");
        Assert.True(readerTrades.SequenceEqual(trades), $"{what}: the trades differ");
        Assert.True(readerQuotes.SequenceEqual(quotes), $"{what}: the quotes differ");
    }

    // The frame, each cut short, each with one byte left out, and each with one byte replaced.
    private static IEnumerable<byte[]> Variants(byte[] frame)
    {
        yield return frame;
        for (var i = 0; i < frame.Length; i++)
        {
            yield return frame[..i];
            yield return [.. frame[..i], .. frame[(i + 1)..]];
            foreach (var replacement in Replacements)
            {
                if (frame[i] == replacement) continue;
                var changed = (byte[])frame.Clone();
                changed[i] = replacement;
                yield return changed;
            }
        }
    }
}
