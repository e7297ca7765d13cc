using System.Globalization;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Tests;

public sealed class CandleEndpointTests : IAsyncLifetime
{
    private static readonly InstrumentId Btc = InstrumentId.Of("binanceusdm", "BTCUSDT");
    private static readonly DateTime Start = new(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);
    private readonly List<Trade> _trades = [];
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var time = Start.AddMilliseconds(random.Next(0, 3 * 3600 * 1000));
            var price = 60000m + random.Next(-5000, 5000) / 100m;
            var quantity = random.Next(1, 5000) / 1000m;
            _trades.Add(new Trade(Btc, (i + 1).ToString(CultureInfo.InvariantCulture), time, price, quantity, price * quantity,
                random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell));
        }
        _host = await ApiHost.StartAsync(Start.AddHours(5));
        await _host.AddTradesAsync(_trades);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("1m")]
    [InlineData("3m")]
    [InlineData("5m")]
    [InlineData("15m")]
    [InlineData("30m")]
    [InlineData("1h")]
    [InlineData("2h")]
    [InlineData("4h")]
    [InlineData("12h")]
    [InlineData("1d")]
    public async Task Candles_of_every_interval_equal_the_trades_of_their_window(string name)
    {
        CandleInterval.TryParse(name, out var interval);
        var json = await _host.GetJsonAsync($"/api/v1/candles?symbol=binanceusdm:BTCUSDT&interval={name}&from=2024-08-08T00:00:00Z&to=2024-08-09T00:00:00Z&limit=5000");
        var expected = _trades.GroupBy(t => interval.WindowStart(t.Time)).OrderBy(g => g.Key).ToList();
        var candles = json.EnumerateArray().ToList();
        Assert.Equal(expected.Count, candles.Count);
        foreach (var (window, candle) in expected.Zip(candles))
        {
            var ordered = window.OrderBy(t => t.Time).ThenBy(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(window.Key, candle.GetProperty("open_time").GetDateTime().ToUniversalTime());
            Assert.Equal(ordered.Count, candle.GetProperty("trades").GetInt64());
            Assert.Equal(ordered[0].Price, candle.GetProperty("open").GetDecimal());
            Assert.Equal(ordered.Max(t => t.Price), candle.GetProperty("high").GetDecimal());
            Assert.Equal(ordered.Min(t => t.Price), candle.GetProperty("low").GetDecimal());
            Assert.Equal(ordered[^1].Price, candle.GetProperty("close").GetDecimal());
            Assert.Equal(ordered.Sum(t => t.BaseQuantity), candle.GetProperty("volume").GetDecimal());
            Assert.Equal(ordered.Sum(t => t.QuoteQuantity), candle.GetProperty("quote_volume").GetDecimal());
            Assert.Equal(ordered.Where(t => t.Side == TakerSide.Buy).Sum(t => t.BaseQuantity), candle.GetProperty("taker_buy_volume").GetDecimal());
        }
    }

    [Fact]
    public async Task Binance_format_is_kline_arrays_with_string_numbers()
    {
        var json = await _host.GetJsonAsync("/api/v1/candles?symbol=binanceusdm:BTCUSDT&interval=1h&from=2024-08-08T00:00:00Z&format=binance");
        var first = json[0];
        Assert.Equal(12, first.GetArrayLength());
        Assert.Equal(1723075200000, first[0].GetInt64());
        Assert.Equal(1723078799999, first[6].GetInt64());
        var hour = _trades.Where(t => t.Time < Start.AddHours(1)).ToList();
        Assert.Equal(hour.Sum(t => t.BaseQuantity).ToString(CultureInfo.InvariantCulture), first[5].GetString());
        Assert.Equal(hour.Count, first[8].GetInt64());
    }

    [Fact]
    public async Task Ccxt_format_is_time_and_ohlcv()
    {
        var json = await _host.GetJsonAsync("/api/v1/candles?symbol=binanceusdm:BTCUSDT&interval=1h&from=2024-08-08T00:00:00Z&format=ccxt&limit=2");
        Assert.Equal(2, json.GetArrayLength());
        Assert.Equal(6, json[0].GetArrayLength());
        Assert.Equal(1723075200000, json[0][0].GetInt64());
        Assert.Equal(1723078800000, json[1][0].GetInt64());
    }

    [Fact]
    public async Task Symbols_lists_instruments_with_aggregates()
    {
        var json = await _host.GetJsonAsync("/api/v1/symbols");
        Assert.Equal("binanceusdm:BTCUSDT", json[0].GetProperty("symbol").GetString());
    }
}
