using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.BinanceCompat;

/// <summary>The Binance-compatible market data under <c>/venues/{venue}/api/v3</c>: shapes, parameters and errors, on trades put in
/// the log and the aggregates, with the clock standing still.</summary>
public sealed class BinanceMarketDataTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 21, 12, 0, 30, DateTimeKind.Utc);
    private static readonly InstrumentId Binance = InstrumentId.Of("binance", "BTCUSDT");
    private static readonly InstrumentId Coinbase = InstrumentId.Of("coinbase", "BTC-USD");
    private static readonly InstrumentId BitmexFuture = InstrumentId.Of("bitmex", "XBTZ21");
    private List<Trade> _binance = [];
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        var random = new Random(13);
        var start = Now.AddHours(-3);
        var id = 1000L;
        for (var i = 0; i < 2000; i++)
        {
            var time = start.AddMilliseconds(random.Next(0, 3 * 3600 * 1000 - 60_000));
            var price = 60000m + random.Next(-500, 500) / 100m;
            var quantity = random.Next(1, 5000) / 10000m;
            _binance.Add(new Trade(Binance, (id++).ToString(CultureInfo.InvariantCulture), time, price, quantity, price * quantity,
                random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell));
        }
        _binance.Sort((a, b) => a.Time.CompareTo(b.Time));
        _binance = [.. _binance.Select((t, i) => t with { TradeId = (1000 + i).ToString(CultureInfo.InvariantCulture) })];
        // Two trades at the same price, side and millisecond: one aggregate trade.
        var last = Now.AddSeconds(-20);
        _binance.Add(new Trade(Binance, "3000", last, 60001m, 0.1m, 6000.1m, TakerSide.Buy));
        _binance.Add(new Trade(Binance, "3001", last, 60001m, 0.2m, 12000.2m, TakerSide.Buy));
        var coinbase = new[]
        {
            new Trade(Coinbase, "c-1", Now.AddDays(-2), 59000m, 1m, 59000m, TakerSide.Sell),
            new Trade(Coinbase, "c-2", Now.AddDays(-2).AddSeconds(1), 59010m, 1m, 59010m, TakerSide.Buy),
        };
        var future = new Trade(BitmexFuture, "f-1", Now.AddHours(-1), 61000m, 1m, 61000m, TakerSide.Buy);

        _host = await ApiHost.StartAsync(Now);
        var log = _host.Services.GetRequiredService<IMarketLog>();
        var all = _binance.Concat(coinbase).Append(future).ToList();
        await log.AppendTradesAsync(all, CancellationToken.None);
        await _host.AddTradesAsync(all);
        var quote = new Quote(Coinbase, Now.AddDays(-2), 59005m, 1.5m, 59006m, 2.5m);
        await _host.Services.GetRequiredService<IPriceCache>().UpdateAsync([], [quote], CancellationToken.None);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Ping_and_time_answer_as_binance_does()
    {
        Assert.Equal(JsonValueKind.Object, (await Ok("/venues/binance/api/v3/ping")).ValueKind);
        var time = await Ok("/venues/binance/api/v3/time");
        Assert.Equal(Ms(Now), time.GetProperty("serverTime").GetInt64());
    }

    [Fact]
    public async Task Exchange_info_lists_each_venues_symbols_without_separators_and_with_known_assets()
    {
        var coinbase = (await Ok("/venues/coinbase/api/v3/exchangeInfo")).GetProperty("symbols").EnumerateArray().Single();
        Assert.Equal("BTCUSD", coinbase.GetProperty("symbol").GetString());
        Assert.Equal("BTC", coinbase.GetProperty("baseAsset").GetString());
        Assert.Equal("USD", coinbase.GetProperty("quoteAsset").GetString());
        Assert.Empty(coinbase.GetProperty("orderTypes").EnumerateArray());

        var future = (await Ok("/venues/bitmex/api/v3/exchangeInfo")).GetProperty("symbols").EnumerateArray().Single();
        Assert.Equal("XBTZ21", future.GetProperty("symbol").GetString());
        Assert.False(future.TryGetProperty("baseAsset", out _));
        Assert.False(future.TryGetProperty("quoteAsset", out _));

        var info = await Ok("/venues/internal/api/v3/exchangeInfo");
        var symbols = info.GetProperty("symbols").EnumerateArray().ToList();
        Assert.Equal(["BTCUSDT", "ETHUSDT"], symbols.Select(s => s.GetProperty("symbol").GetString()));
        var btc = symbols[0];
        Assert.Equal("BTC", btc.GetProperty("baseAsset").GetString());
        Assert.Equal("USDT", btc.GetProperty("quoteAsset").GetString());
        Assert.Equal("TRADING", btc.GetProperty("status").GetString());
        Assert.Equal(["LIMIT", "LIMIT_MAKER", "MARKET"], btc.GetProperty("orderTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["SPOT"], btc.GetProperty("permissions").EnumerateArray().Select(e => e.GetString()));
        var filters = btc.GetProperty("filters").EnumerateArray().ToDictionary(f => f.GetProperty("filterType").GetString()!);
        Assert.Equal(0.01m, Dec(filters["PRICE_FILTER"], "tickSize"));
        Assert.Equal(0.00001m, Dec(filters["LOT_SIZE"], "stepSize"));
        Assert.Equal(0.00001m, Dec(filters["LOT_SIZE"], "minQty"));
        Assert.Equal(1m, Dec(filters["NOTIONAL"], "minNotional"));

        var one = await Ok("/venues/internal/api/v3/exchangeInfo?symbol=ethusdt");
        Assert.Equal("ETHUSDT", one.GetProperty("symbols").EnumerateArray().Single().GetProperty("symbol").GetString());
    }

    [Theory]
    [InlineData("1m")]
    [InlineData("3m")]
    [InlineData("15m")]
    [InlineData("30m")]
    [InlineData("1h")]
    [InlineData("2h")]
    [InlineData("6h")]
    [InlineData("8h")]
    [InlineData("1d")]
    public async Task Klines_are_the_native_candles_as_binance_rows(string interval)
    {
        var from = Ms(Now.Date); // the start of a window of every interval
        var klines = await Ok($"/venues/binance/api/v3/klines?symbol=BTCUSDT&interval={interval}&startTime={from}&limit=1000");
        var native = await Ok($"/api/v1/candles?symbol=binance:BTCUSDT&interval={interval}&from={from}&limit=1000&format=binance");
        Assert.Equal(native.ToString(), klines.ToString());
        var rows = klines.EnumerateArray().ToList();
        Assert.Equal(_binance.Count, rows.Sum(r => r[8].GetInt64()));
        Assert.All(rows, r =>
        {
            Assert.Equal(12, r.GetArrayLength());
            Assert.Equal(JsonValueKind.String, r[1].ValueKind);
            Assert.Equal(r[0].GetInt64() + (long)CandleIntervalOf(interval).Duration.TotalMilliseconds - 1, r[6].GetInt64());
        });
        Assert.Equal(_binance.Sum(t => t.BaseQuantity), rows.Sum(r => decimal.Parse(r[5].GetString()!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Klines_take_start_and_end_inclusive_and_the_newest_by_default()
    {
        var latest = await Ok("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1d&startTime=221845392000000&endTime=221845392000000");
        Assert.Equal(0, latest.GetArrayLength());

        var start = Now.AddSeconds(-30).AddHours(-2);
        var window = await Ok($"/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime={Ms(start)}&endTime={Ms(start.AddHours(1))}");
        Assert.Equal([Ms(start), Ms(start.AddHours(1))], window.EnumerateArray().Select(r => r[0].GetInt64()));

        var limited = await Ok($"/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime={Ms(Now.AddHours(-3))}&limit=5");
        Assert.Equal(5, limited.GetArrayLength());
        var inside = await Ok($"/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime={Ms(start.AddMinutes(1))}&limit=1");
        Assert.Equal(Ms(start.AddHours(1)), inside[0][0].GetInt64());

        var newest = await Ok("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=2");
        Assert.Equal([Ms(Now.AddHours(-1).AddSeconds(-30)), Ms(Now.AddSeconds(-30))], newest.EnumerateArray().Select(r => r[0].GetInt64()));
    }

    [Theory]
    [InlineData("/venues/binance/api/v3/klines?interval=1m", 400, -1102)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT", 400, -1102)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1w", 400, -1120)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1001", 400, -1100)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=0", 400, -1100)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=abc", 400, -1100)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=99999999999999999999", 400, -1100)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&endTime=253402300799999", 400, -1100)]
    [InlineData("/venues/binance/api/v3/aggTrades?symbol=BTCUSDT&endTime=253402300799999", 400, -1100)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=2000&endTime=1000", 400, -1023)]
    [InlineData("/venues/binance/api/v3/klines?symbol=ETHUSDT&interval=1m", 400, -1121)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTC-USDT&interval=1m", 400, -1121)]
    [InlineData("/venues/kraken/api/v3/klines?symbol=BTCUSDT&interval=1m", 404, -1121)]
    [InlineData("/venues/binance/api/v3/klines?symbol=BTCUSDT&symbol=BTCUSDT&interval=1m", 400, -1101)]
    [InlineData("/venues/binance/api/v3/ticker/24hr?symbol=NOPE", 400, -1121)]
    [InlineData("/venues/binance/api/v3/ticker/24hr?symbols=BTCUSDT", 400, -1100)]
    [InlineData("/venues/binance/api/v3/ticker/24hr?symbols=[\"NOPE\"]", 400, -1121)]
    [InlineData("/venues/binance/api/v3/ticker/price?symbol=BTCUSDT&symbols=[\"BTCUSDT\"]", 400, -1128)]
    [InlineData("/venues/binance/api/v3/ticker/bookTicker?symbol=NOPE", 400, -1121)]
    [InlineData("/venues/binance/api/v3/depth", 400, -1102)]
    [InlineData("/venues/binance/api/v3/depth?symbol=BTCUSDT&limit=5001", 400, -1100)]
    [InlineData("/venues/binance/api/v3/trades?symbol=BTCUSDT&limit=-1", 400, -1100)]
    [InlineData("/venues/binance/api/v3/trades?symbol=BTCUSDT&startTime=1", 400, -1106)]
    [InlineData("/venues/binance/api/v3/aggTrades?symbol=BTCUSDT&fromId=x", 400, -1100)]
    [InlineData("/venues/binance/api/v3/aggTrades?symbol=BTCUSDT&fromId=1&startTime=1", 400, -1128)]
    [InlineData("/venues/binance/api/v3/aggTrades?symbol=BTCUSDT&startTime=5&endTime=1", 400, -1023)]
    [InlineData("/venues/binance/api/v3/exchangeInfo?symbol=NOPE", 400, -1121)]
    public async Task Bad_input_gets_binances_error_code(string path, int status, int code)
    {
        using var response = await _host.Client.GetAsync(path);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("msg").GetString()));
    }

    [Fact]
    public async Task Ticker_24hr_covers_the_day_ending_now()
    {
        var ticker = await Ok("/venues/binance/api/v3/ticker/24hr?symbol=BTCUSDT");
        var ordered = _binance.OrderBy(t => t.Time).ThenBy(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal("BTCUSDT", ticker.GetProperty("symbol").GetString());
        Assert.Equal(ordered.Count, ticker.GetProperty("count").GetInt64());
        Assert.Equal(ordered[0].Price, Dec(ticker, "openPrice"));
        Assert.Equal(ordered[^1].Price, Dec(ticker, "lastPrice"));
        Assert.Equal(ordered.Max(t => t.Price), Dec(ticker, "highPrice"));
        Assert.Equal(ordered.Min(t => t.Price), Dec(ticker, "lowPrice"));
        Assert.Equal(ordered.Sum(t => t.BaseQuantity), Dec(ticker, "volume"));
        Assert.Equal(ordered.Sum(t => t.QuoteQuantity), Dec(ticker, "quoteVolume"));
        Assert.Equal(ordered[^1].Price - ordered[0].Price, Dec(ticker, "priceChange"));
        Assert.Equal(long.Parse(ordered[0].TradeId.ToString(), CultureInfo.InvariantCulture), ticker.GetProperty("firstId").GetInt64());
        Assert.Equal(3001, ticker.GetProperty("lastId").GetInt64());
        Assert.Equal(Ms(Now.AddDays(-1)), ticker.GetProperty("openTime").GetInt64());
        Assert.Equal(Ms(Now), ticker.GetProperty("closeTime").GetInt64());

        // No trade in the last 24 hours: zeros and the last price, with the last quote.
        var quiet = await Ok("/venues/coinbase/api/v3/ticker/24hr?symbol=BTCUSD");
        Assert.Equal(0, quiet.GetProperty("count").GetInt64());
        Assert.Equal(0m, Dec(quiet, "volume"));
        Assert.Equal(59010m, Dec(quiet, "lastPrice"));
        Assert.Equal(59010m, Dec(quiet, "openPrice"));
        Assert.Equal(-1, quiet.GetProperty("firstId").GetInt64());
        Assert.Equal(59005m, Dec(quiet, "bidPrice"));
        Assert.Equal(2.5m, Dec(quiet, "askQty"));

        var all = await Ok("/venues/internal/api/v3/ticker/24hr");
        Assert.Equal(2, all.GetArrayLength());
    }

    [Fact]
    public async Task Prices_and_book_tickers_answer_for_one_symbol_or_all()
    {
        var price = await Ok("/venues/binance/api/v3/ticker/price?symbol=BTCUSDT");
        Assert.Equal(60001m, Dec(price, "price"));
        var many = await Ok("/venues/internal/api/v3/ticker/price?symbols=[\"BTCUSDT\",\"ETHUSDT\"]");
        Assert.All(many.EnumerateArray(), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("price").ValueKind));

        var book = await Ok("/venues/coinbase/api/v3/ticker/bookTicker");
        var only = book.EnumerateArray().Single();
        Assert.Equal("BTCUSD", only.GetProperty("symbol").GetString());
        Assert.Equal(59005m, Dec(only, "bidPrice"));
        Assert.Equal(1.5m, Dec(only, "bidQty"));
        Assert.Equal(59006m, Dec(only, "askPrice"));
        Assert.Equal(2.5m, Dec(only, "askQty"));
    }

    [Fact]
    public async Task Depth_of_an_external_venue_is_its_last_quote_and_of_the_internal_one_its_book()
    {
        var depth = await Ok("/venues/coinbase/api/v3/depth?symbol=BTCUSD");
        Assert.Equal("[[\"59005\",\"1.5\"]]", depth.GetProperty("bids").ToString());
        Assert.Equal("[[\"59006\",\"2.5\"]]", depth.GetProperty("asks").ToString());
        Assert.Equal(Ms(Now.AddDays(-2)), depth.GetProperty("lastUpdateId").GetInt64());

        var empty = await Ok("/venues/internal/api/v3/depth?symbol=BTCUSDT&limit=5");
        Assert.Equal(0, empty.GetProperty("bids").GetArrayLength());
        Assert.Equal(0, empty.GetProperty("asks").GetArrayLength());
    }

    [Fact]
    public async Task Trades_are_the_newest_from_the_log_or_from_an_id()
    {
        var ordered = _binance.OrderBy(t => t.Time).ThenBy(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture)).ToList();
        var recent = (await Ok("/venues/binance/api/v3/trades?symbol=BTCUSDT&limit=3")).EnumerateArray().ToList();
        Assert.Equal(ordered.TakeLast(3).Select(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture)), recent.Select(t => t.GetProperty("id").GetInt64()));
        var newest = recent[^1];
        Assert.Equal("60001", newest.GetProperty("price").GetString());
        Assert.Equal("0.2", newest.GetProperty("qty").GetString());
        Assert.Equal("12000.2", newest.GetProperty("quoteQty").GetString());
        Assert.Equal(Ms(Now.AddSeconds(-20)), newest.GetProperty("time").GetInt64());
        Assert.False(newest.GetProperty("isBuyerMaker").GetBoolean());

        Assert.Equal(500, (await Ok("/venues/binance/api/v3/trades?symbol=BTCUSDT")).GetArrayLength());
        var fromId = (await Ok("/venues/binance/api/v3/historicalTrades?symbol=BTCUSDT&fromId=1500&limit=4")).EnumerateArray();
        Assert.Equal([1500L, 1501, 1502, 1503], fromId.Select(t => t.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Aggregate_trades_join_only_trades_with_the_same_price_side_and_millisecond()
    {
        var recent = (await Ok("/venues/binance/api/v3/aggTrades?symbol=BTCUSDT&limit=2")).EnumerateArray().ToList();
        Assert.Equal(2, recent.Count);
        var joined = recent[^1];
        Assert.Equal(3000, joined.GetProperty("a").GetInt64());
        Assert.Equal(3000, joined.GetProperty("f").GetInt64());
        Assert.Equal(3001, joined.GetProperty("l").GetInt64());
        Assert.Equal("0.3", joined.GetProperty("q").GetString());
        Assert.Equal("60001", joined.GetProperty("p").GetString());
        Assert.Equal(Ms(Now.AddSeconds(-20)), joined.GetProperty("T").GetInt64());
        Assert.False(joined.GetProperty("m").GetBoolean());
        var single = recent[0];
        Assert.Equal(single.GetProperty("a").GetInt64(), single.GetProperty("f").GetInt64());
        Assert.Equal(single.GetProperty("a").GetInt64(), single.GetProperty("l").GetInt64());

        var ordered = _binance.OrderBy(t => t.Time).ThenBy(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture)).ToList();
        var from = ordered[100].Time;
        var window = (await Ok($"/venues/binance/api/v3/aggTrades?symbol=BTCUSDT&startTime={Ms(from)}&endTime={Ms(from.AddMinutes(30))}&limit=1000")).EnumerateArray().ToList();
        var expected = ordered.Where(t => t.Time >= from.AddTicks(-(from.Ticks % TimeSpan.TicksPerMillisecond)) && Ms(t.Time) <= Ms(from.AddMinutes(30))).ToList();
        Assert.Equal(expected.Select(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture)), window.Select(a => a.GetProperty("a").GetInt64()));

        var fromId = (await Ok("/venues/binance/api/v3/aggTrades?symbol=BTCUSDT&fromId=2999&limit=5")).EnumerateArray();
        Assert.Equal([2999L, 3000], fromId.Select(a => a.GetProperty("a").GetInt64()));
    }

    private async Task<JsonElement> Ok(string path) => await _host.GetJsonAsync(path);

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static long Ms(DateTime time) => new DateTimeOffset(time).ToUnixTimeMilliseconds();

    private static CandleInterval CandleIntervalOf(string name) => CandleInterval.TryParse(name, out var interval) ? interval : throw new ArgumentException(name);
}
