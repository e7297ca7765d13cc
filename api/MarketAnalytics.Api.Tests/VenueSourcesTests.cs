using MarketAnalytics.Core.Testing;
using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Tests;

/// <summary><c>--source coinbase,kraken</c> in the real host: both readers are registered from <c>Ingest:Venues:{venue}</c>,
/// report in <c>/health</c>, and their trades reach the candles API under their venues' spellings.</summary>
public sealed class VenueSourcesTests
{
    private static readonly DateTime Start = new(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);

    private static Trade TradeOf(InstrumentId instrument, int n) =>
        new(instrument, n.ToString(CultureInfo.InvariantCulture), Start.AddSeconds(n), 100m + n, 2m, 2m * (100m + n), n % 2 == 0 ? TakerSide.Buy : TakerSide.Sell);

    private static string[] VenueSettings(string venue, FakeVenueHost host, string symbol) =>
    [
        $"--Ingest:Venues:{venue}:WebSocketUrl={host.WebSocketUrl}", $"--Ingest:Venues:{venue}:RestUrl={host.RestUrl}",
        $"--Ingest:Venues:{venue}:Symbols:0={symbol}", $"--Ingest:Venues:{venue}:ReconnectBaseDelay=00:00:00.020",
        $"--Ingest:Venues:{venue}:ReconnectMaxDelay=00:00:00.200",
    ];

    [Fact]
    public async Task Coinbase_and_kraken_sources_run_side_by_side_and_their_candles_come_back_by_venue_symbol()
    {
        await using var coinbase = await FakeCoinbaseServer.StartAsync();
        await using var kraken = await FakeKrakenServer.StartAsync();
        var btcUsd = InstrumentId.Parse("coinbase:BTC-USD");
        var krakenBtc = InstrumentId.Parse("kraken:BTC/USD");
        await using var host = await ApiHost.StartAsync(Role.Run, settings:
        [
            "--Ingest:Source=coinbase,kraken", "--Aggregation:PollInterval=00:00:00.050",
            .. VenueSettings("coinbase", coinbase.Host, "BTC-USD"), .. VenueSettings("kraken", kraken.Host, "BTC/USD"),
        ]);

        // Trades made before a reader subscribes would precede the first live trade, which an empty log has nothing to fill from.
        await Eventually.TrueAsync(() => Task.FromResult(coinbase.Host.SubscribedCount == 1 && kraken.Host.SubscribedCount == 1), "both readers subscribed");
        for (var n = 1; n <= 90; n++)
        {
            await coinbase.TradeAsync(TradeOf(btcUsd, n));
            await kraken.TradeAsync(TradeOf(krakenBtc, n));
        }

        foreach (var (symbol, instrument) in new[] { ("coinbase:BTC-USD", btcUsd), ("kraken:BTC/USD", krakenBtc) })
            await Eventually.TrueAsync(async () =>
            {
                // 404 until the first trade of the instrument is aggregated.
                using var response = await host.Client.GetAsync($"/api/v1/candles?symbol={Uri.EscapeDataString(symbol)}&interval=1m&from=2024-08-08T00:00:00Z");
                if (!response.IsSuccessStatusCode) return false;
                using var candles = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return candles.RootElement.EnumerateArray().Sum(c => c.GetProperty("trades").GetInt64()) == 90;
            }, $"the 90 trades of {instrument} in its candles");

        using var health = JsonDocument.Parse(await host.Client.GetStringAsync("/health"));
        foreach (var source in new[] { "source:coinbase", "source:kraken" })
        {
            var component = health.RootElement.GetProperty("components").GetProperty(source);
            Assert.Equal("Healthy", component.GetProperty("status").GetString());
            Assert.Equal(0, component.GetProperty("data").GetProperty("unfilled_gaps").GetInt64());
        }
    }
}
