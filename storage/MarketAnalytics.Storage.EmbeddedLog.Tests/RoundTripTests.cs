using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class RoundTripTests
{
    private static readonly Trade[] Varied =
    [
        new(TestData.Xbt, "00000000-0006-0000-0000-000000000001", TestData.Start.AddTicks(1), 1.50m, 1.5m, 2.250m, TakerSide.Buy, 150m),
        new(TestData.Xbt, "9C2F1D4E-0000-4000-8000-00000000ABCD", TestData.Start, 0m, -0.0m, 79228162514264337593543950335m, TakerSide.Sell),
        new(TestData.Xbt, "007", DateTime.MaxValue.AddTicks(-1), -1.0000000000000000000000000001m, 0.0000000000000000000000000001m,
            -79228162514264337593543950335m, TakerSide.Sell, 0m, IsMarket: false),
        new(TestData.Xbt, "7", DateTime.MinValue.AddTicks(1), 97123.5m, 12345678901234567890.12345678m, 1m, TakerSide.Buy),
        new(TestData.Xbt, "999999999999999999", TestData.Start, 4294967296m, 18446744073709551616m, 1e-10m, TakerSide.Buy),
        new(TestData.Xbt, "1234567890123456789012", TestData.Start, 1m, 1m, 1m, TakerSide.Buy),
        new(TestData.Xbt, "insurance-fund/BTC/ü€𝄞", TestData.Start, 1m, 1m, 1m, TakerSide.Sell, IsMarket: false),
        new(TestData.Xbt, "-5", TestData.Start, 1m, 1m, 1m, TakerSide.Buy),
    ];

    [Fact]
    public async Task Trades_read_back_with_every_field_and_decimal_scale_exact()
    {
        using var dir = new ScratchDirectory();
        await using (var log = EmbeddedLog.Open(dir.Path))
        {
            Assert.Equal(new(Varied.Length, 0), await log.AppendTradesAsync(Varied, CancellationToken.None));
            AssertSameTrades(Varied, log.ReadTrades("bitmex:XBTUSD", 0, 100));
        }
        await using var reopened = EmbeddedLog.Open(dir.Path);
        var read = reopened.ReadTrades("bitmex:XBTUSD", 0, 100);
        AssertSameTrades(Varied, read);
        Assert.Equal("1.50", read[0].Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeKind.Utc, read[0].Time.Kind);
    }

    [Fact]
    public async Task A_symbol_with_a_slash_gets_one_partition_directory_that_reopens_as_the_same_instrument()
    {
        using var dir = new ScratchDirectory();
        var kraken = InstrumentId.Parse("kraken:BTC/USD");
        var trades = TestData.Trades(kraken, 1, 3);
        await using (var log = EmbeddedLog.Open(dir.Path))
        {
            Assert.Equal(new(3, 0), await log.AppendTradesAsync(trades, CancellationToken.None));
        }

        Assert.Contains(Directory.EnumerateDirectories(dir.Path, "*", SearchOption.AllDirectories), d => Path.GetFileName(d) == "kraken=BTC%2FUSD");
        Assert.DoesNotContain(Directory.EnumerateDirectories(dir.Path, "*", SearchOption.AllDirectories), d => Path.GetFileName(d) == "USD");
        await using var reopened = EmbeddedLog.Open(dir.Path);
        Assert.Equal(["kraken:BTC/USD"], reopened.TradePartitions.Select(p => p.Name));
        Assert.Equal(new(0, 3), await reopened.AppendTradesAsync(trades, CancellationToken.None));
        AssertSameTrades(trades, reopened.ReadTrades("kraken:BTC/USD", 0, 10));
    }

    [Fact]
    public async Task Quotes_read_back_exactly_and_replay_by_exchange_time()
    {
        using var dir = new ScratchDirectory();
        var quotes = new[]
        {
            TestData.Quote(TestData.Btc, TestData.Start, 90_000.10m),
            new Quote(TestData.Btc, TestData.Start.AddSeconds(1), 90_000.100m, 0m, 90_001m, 0.000m),
            TestData.Quote(TestData.Xbt, TestData.Start.AddSeconds(2), 89_999.5m),
        };
        await using (var log = EmbeddedLog.Open(dir.Path))
        {
            await log.AppendQuotesAsync(quotes, CancellationToken.None);
        }
        await using var reopened = EmbeddedLog.Open(dir.Path);
        var btc = reopened.ReadQuotes("binance:BTCUSDT", 0, 10);
        Assert.Equal(quotes[..2], btc);
        Assert.Equal("90000.100", btc[1].BidPrice.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { "binance:BTCUSDT", "bitmex:XBTUSD" }, reopened.QuotePartitions.Select(p => p.Name).Order());
        var replayed = await reopened.ReplayQuotesAsync(TestData.Start.AddSeconds(1), TestData.Start.AddSeconds(3), null, CancellationToken.None)
            .ToListAsync();
        Assert.Equal([quotes[1], quotes[2]], replayed.OrderBy(q => q.Time));
        Assert.Empty(reopened.TradePartitions);
    }

    [Fact]
    public async Task A_batch_of_several_instruments_goes_to_one_partition_each_in_order()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var xbt = TestData.Trades(TestData.Xbt, 1, 50);
        var btc = TestData.Trades(TestData.Btc, 1, 50);
        var interleaved = xbt.Zip(btc, (a, b) => new[] { a, b }).SelectMany(pair => pair).ToArray();

        await log.AppendTradesAsync(interleaved, CancellationToken.None);

        Assert.Equal(xbt, log.ReadTrades("bitmex:XBTUSD", 0, 1000));
        Assert.Equal(btc, log.ReadTrades("binance:BTCUSDT", 0, 1000));
        Assert.Equal(btc[10..20], log.ReadTrades("binance:BTCUSDT", 10, 10));
        Assert.Equal([new LogPartition("bitmex:XBTUSD", TestData.Xbt, 0, 50), new LogPartition("binance:BTCUSDT", TestData.Btc, 0, 50)],
            log.TradePartitions);
        Assert.True(Directory.Exists(Path.Combine(dir.Path, "trades", "bitmex=XBTUSD")));
    }

    [Fact]
    public async Task An_invalid_trade_rejects_the_whole_batch_and_writes_nothing()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var batch = TestData.Trades(TestData.Xbt, 1, 3).Append(TestData.Trade(TestData.Xbt, 4, TestData.Start) with { TradeId = "" }).ToArray();

        await Assert.ThrowsAsync<ArgumentException>(async () => await log.AppendTradesAsync(batch, CancellationToken.None));

        Assert.Empty(log.TradePartitions);
        Assert.Equal(new(3, 0), await log.AppendTradesAsync(batch[..3], CancellationToken.None));
    }

    [Fact]
    public async Task Decimals_of_every_mantissa_length_sign_and_scale_read_back_bit_for_bit()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var random = new Random(7);
        var trades = new Trade[2000];
        for (var i = 0; i < trades.Length; i++)
        {
            // Mantissas of 0 to 96 bits, so every encoded length from 0 to 12 bytes occurs, at every scale and both signs.
            decimal Next()
            {
                var bits = random.Next(0, 97);
                var mantissa = bits == 0 ? UInt128.Zero : (UInt128)random.NextInt64() << 64 | (ulong)random.NextInt64();
                mantissa = bits == 0 ? 0 : mantissa & ((UInt128.One << bits) - 1);
                return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), random.Next(2) == 0,
                    (byte)random.Next(0, 29));
            }
            trades[i] = new Trade(TestData.Xbt, i.ToString(System.Globalization.CultureInfo.InvariantCulture), TestData.Start,
                Next(), Next(), Next(), TakerSide.Buy, Next());
        }

        await log.AppendTradesAsync(trades, CancellationToken.None);

        AssertSameTrades(trades, log.ReadTrades("bitmex:XBTUSD", 0, 10_000));
    }

    [Fact]
    public async Task An_instrument_id_that_is_not_normalised_is_rejected()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var trade = TestData.Trade(new InstrumentId("BitMEX", "xbtusd"), 1, TestData.Start);

        var rejected = await Assert.ThrowsAsync<ArgumentException>(async () => await log.AppendTradesAsync([trade], CancellationToken.None));

        Assert.Contains("BitMEX:xbtusd", rejected.Message);
    }

    private static void AssertSameTrades(IReadOnlyList<Trade> expected, IReadOnlyList<Trade> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
            // decimal equality ignores scale; the log keeps it, so compare the bits too.
            Assert.Equal(decimal.GetBits(expected[i].Price), decimal.GetBits(actual[i].Price));
            Assert.Equal(decimal.GetBits(expected[i].BaseQuantity), decimal.GetBits(actual[i].BaseQuantity));
            Assert.Equal(decimal.GetBits(expected[i].QuoteQuantity), decimal.GetBits(actual[i].QuoteQuantity));
            Assert.Equal(decimal.GetBits(expected[i].Contracts), decimal.GetBits(actual[i].Contracts));
        }
    }
}
