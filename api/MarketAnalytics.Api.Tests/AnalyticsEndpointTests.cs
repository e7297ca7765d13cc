using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Tests;

public sealed class AnalyticsEndpointTests : IAsyncLifetime
{
    private static readonly DateTime AsOf = Utc("2024-08-08T15:37:20Z");
    private static readonly InstrumentId Btc = InstrumentId.Of("binance", "BTCUSDT");
    private static readonly InstrumentId Xbt = InstrumentId.Of("bitmex", "XBTUSD");
    private static readonly InstrumentId Kraken = InstrumentId.Of("kraken", "XBTUSD");

    private readonly List<Trade> _trades = [];
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        // H = 15:00, M = 15:37. Trades on and around every window edge the endpoints use.
        Add(Btc, "2024-08-08T07:59:59.999Z", "60000.10", "0.001");   // just before H-7h: out of the 6 hours
        Add(Btc, "2024-08-08T08:00:00Z", "60001.20", "0.250");       // exactly H-7h: in
        Add(Btc, "2024-08-08T10:30:00Z", "60010", "1.5");
        Add(Btc, "2024-08-08T10:30:00Z", "60011.5", "0.50", TakerSide.Sell);
        Add(Btc, "2024-08-08T13:59:59.999Z", "59990.01", "0.00001"); // last instant of H-2h: in
        Add(Btc, "2024-08-08T14:00:00Z", "59980", "2");              // exactly H-1h: out of the 6 hours
        Add(Btc, "2024-08-08T14:37:00Z", "59970", "1");              // exactly M-60m: in the top hour
        Add(Btc, "2024-08-08T15:31:00Z", "59960", "0.1");            // exactly M-6m: in the last 5 minutes
        Add(Btc, "2024-08-08T15:36:00Z", "59950", "0.1");            // exactly M-1m: out
        Add(Xbt, "2024-08-08T03:00:00Z", "60100", "0.0123456", quote: "742");
        Add(Xbt, "2024-08-08T12:00:00Z", "60100.5", "0.01663739", quote: "1000");
        Add(Xbt, "2024-08-08T14:36:59.999Z", "60090", "0.01", quote: "600.9"); // just before M-60m: out of the top hour
        Add(Xbt, "2024-08-08T15:10:00Z", "60080", "0.5", quote: "30040");
        Add(Kraken, "2024-08-08T14:30:00Z", "60050", "3");
        Add(Kraken, "2024-08-08T15:37:00Z", "60050", "3");            // exactly M: out of every window
        _host = await ApiHost.StartAsync(AsOf);
        await _host.AddTradesAsync(_trades);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Transactions_last_6_hours_counts_every_hour_of_H_minus_7_to_H_minus_1()
    {
        var json = await _host.GetJsonAsync($"/transactions/last_6_hours?as_of={Iso(AsOf)}");
        var expected = HourWindows(AsOf.Date.AddHours(8), AsOf.Date.AddHours(14));
        Assert.Equal(expected.Keys.Order(), json.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (instrument, hours) in expected)
        {
            var listed = json.GetProperty(instrument).EnumerateArray().ToList();
            Assert.Equal(hours.Select(h => Iso(h.Hour)), listed.Select(e => e.GetProperty("hour").GetString()));
            Assert.Equal(hours.Select(h => (long)h.Trades.Count), listed.Select(e => e.GetProperty("num_transactions").GetInt64()));
        }
        Assert.Equal(1, json.GetProperty("binance:BTCUSDT")[0].GetProperty("num_transactions").GetInt64());
        Assert.Equal(1, json.GetProperty("binance:BTCUSDT")[5].GetProperty("num_transactions").GetInt64());
    }

    [Fact]
    public async Task Volume_last_6_hours_sums_base_and_quote_volume_exactly()
    {
        var json = await _host.GetJsonAsync($"/volume/last_6_hours?as_of={Iso(AsOf)}");
        var expected = HourWindows(AsOf.Date.AddHours(8), AsOf.Date.AddHours(14));
        Assert.Equal(expected.Keys.Order(), json.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (instrument, hours) in expected)
        {
            var entry = json.GetProperty(instrument);
            Assert.Equal(hours.Sum(h => h.Trades.Sum(t => t.BaseQuantity)), entry.GetProperty("total_volume").GetDecimal());
            Assert.Equal(hours.Sum(h => h.Trades.Sum(t => t.QuoteQuantity)), entry.GetProperty("total_quote_volume").GetDecimal());
            var listed = entry.GetProperty("hours").EnumerateArray().ToList();
            Assert.Equal(hours.Select(h => h.Trades.Sum(t => t.BaseQuantity)), listed.Select(e => e.GetProperty("volume").GetDecimal()));
            Assert.Equal(hours.Select(h => h.Trades.Sum(t => t.QuoteQuantity)), listed.Select(e => e.GetProperty("quote_volume").GetDecimal()));
        }
        // The exact decimal reaches the JSON: 0.250 + 1.5 + 0.50 + 0.00001 keeps its digits.
        Assert.Equal("2.25001", json.GetProperty("binance:BTCUSDT").GetProperty("total_volume").GetRawText());
    }

    [Fact]
    public async Task Aggregated_stats_last_12_hours_covers_H_minus_12_to_H()
    {
        var json = await _host.GetJsonAsync($"/aggregated_stats/last_12_hours?as_of={Iso(AsOf)}");
        var expected = HourWindows(AsOf.Date.AddHours(3), AsOf.Date.AddHours(15));
        Assert.Equal(expected.Keys.Order(), json.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (instrument, hours) in expected)
        {
            var listed = json.GetProperty(instrument).EnumerateArray().ToList();
            Assert.Equal(12, listed.Count);
            Assert.Equal(hours.Select(h => (long)h.Trades.Count), listed.Select(e => e.GetProperty("num_transactions").GetInt64()));
            Assert.Equal(hours.Select(h => h.Trades.Sum(t => t.BaseQuantity)), listed.Select(e => e.GetProperty("total_volume").GetDecimal()));
            Assert.Equal(hours.Select(h => h.Trades.Sum(t => t.QuoteQuantity)), listed.Select(e => e.GetProperty("total_quote_volume").GetDecimal()));
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(150)]
    [InlineData(10080)]
    public async Task Trades_last_n_minutes_counts_M_minus_N_plus_1_to_M_minus_1(int minutes)
    {
        var json = await _host.GetJsonAsync($"/trades/last_n_minutes?symbol=binance:BTCUSDT&minutes={minutes}&as_of={Iso(AsOf)}");
        var m = Utc("2024-08-08T15:37:00Z");
        var (from, to) = (m.AddMinutes(-(minutes + 1)), m.AddMinutes(-1));
        Assert.Equal(_trades.Count(t => t.Instrument == Btc && t.Time >= from && t.Time < to), json.GetProperty("num_trades").GetInt64());
        Assert.Equal(Iso(from), json.GetProperty("from").GetString());
        Assert.Equal(Iso(to), json.GetProperty("to").GetString());
        Assert.Equal("binance:BTCUSDT", json.GetProperty("symbol").GetString());
        Assert.Equal(minutes, json.GetProperty("minutes").GetInt32());
    }

    [Fact]
    public async Task Trades_last_n_minutes_takes_a_bare_symbol_that_only_one_venue_has()
    {
        var json = await _host.GetJsonAsync($"/trades/last_n_minutes?symbol=btcusdt&minutes=5&as_of={Iso(AsOf)}");
        Assert.Equal("binance:BTCUSDT", json.GetProperty("symbol").GetString());
        Assert.Equal(1, json.GetProperty("num_trades").GetInt64());
    }

    [Fact]
    public async Task Top_cryptos_last_hour_ranks_by_quote_volume_over_M_minus_60_to_M()
    {
        var json = await _host.GetJsonAsync($"/top_cryptos_last_hour?top_n=10&as_of={Iso(AsOf)}");
        var m = Utc("2024-08-08T15:37:00Z");
        var expected = _trades.Where(t => t.Time >= m.AddMinutes(-60) && t.Time < m)
            .GroupBy(t => t.Instrument.ToString())
            .Select(g => (Symbol: g.Key, Volume: g.Sum(t => t.BaseQuantity), Quote: g.Sum(t => t.QuoteQuantity)))
            .OrderByDescending(e => e.Quote).ThenBy(e => e.Symbol, StringComparer.Ordinal).ToList();
        var listed = json.GetProperty("top_cryptocurrencies").EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.Symbol), listed.Select(e => e.GetProperty("symbol").GetString()));
        Assert.Equal(expected.Select(e => e.Volume), listed.Select(e => e.GetProperty("total_volume").GetDecimal()));
        Assert.Equal(expected.Select(e => e.Quote), listed.Select(e => e.GetProperty("total_quote_volume").GetDecimal()));

        var top1 = await _host.GetJsonAsync($"/top_cryptos_last_hour?top_n=1&as_of={Iso(AsOf)}");
        Assert.Single(top1.GetProperty("top_cryptocurrencies").EnumerateArray());
    }

    [Fact]
    public async Task Current_price_has_the_last_taker_buy_and_sell_prices()
    {
        var json = await _host.GetJsonAsync("/current_price?symbol=binance:BTCUSDT");
        var buy = _trades.Where(t => t.Instrument == Btc && t.Side == TakerSide.Buy).MaxBy(t => t.Time);
        var sell = _trades.Where(t => t.Instrument == Btc && t.Side == TakerSide.Sell).MaxBy(t => t.Time);
        Assert.Equal(buy.Price, json.GetProperty("buy_price").GetDecimal());
        Assert.Equal(sell.Price, json.GetProperty("sell_price").GetDecimal());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("bid_price").ValueKind);
    }

    private void Add(InstrumentId instrument, string time, string price, string quantity, TakerSide side = TakerSide.Buy, string? quote = null)
    {
        var p = decimal.Parse(price, CultureInfo.InvariantCulture);
        var q = decimal.Parse(quantity, CultureInfo.InvariantCulture);
        _trades.Add(new Trade(instrument, (_trades.Count + 1).ToString(CultureInfo.InvariantCulture), Utc(time), p, q,
            quote is null ? p * q : decimal.Parse(quote, CultureInfo.InvariantCulture), side));
    }

    /// <summary>Each instrument with trades in [from, to), with the trades of every hour of the range.</summary>
    private Dictionary<string, List<(DateTime Hour, List<Trade> Trades)>> HourWindows(DateTime from, DateTime to) =>
        _trades.Where(t => t.Time >= from && t.Time < to)
            .GroupBy(t => t.Instrument.ToString())
            .ToDictionary(g => g.Key, g => Enumerable.Range(0, (int)(to - from).TotalHours)
                .Select(i => from.AddHours(i))
                .Select(h => (h, g.Where(t => t.Time >= h && t.Time < h.AddHours(1)).ToList()))
                .ToList());

    internal static DateTime Utc(string iso) =>
        DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    internal static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
