using System.Globalization;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests;

/// <summary>The whole <c>run</c> pipeline against a local server speaking BitMEX's protocol: socket → log → aggregates → API.</summary>
public sealed class BitmexEndToEndTests
{
    private static readonly InstrumentId Xbt = InstrumentId.Of(Venues.Bitmex, "XBTUSD");
    private static readonly InstrumentId Eth = InstrumentId.Of(Venues.Bitmex, "ETHUSD");
    private static readonly DateTime Start = new(2021, 7, 22, 22, 36, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Aggregates_equal_the_unique_trades_across_a_dropped_connection_and_a_replayed_partial()
    {
        var trades = Enumerable.Range(1, 300).Select(TradeNumber).ToList();
        using var data = new DataDirectory();
        WebApplication? app = null;
        long Committed() => app!.Services.GetRequiredService<AggregationJob>().CommittedTrades;

        await using var server = await FakeBitmexServer.StartAsync(
            async first =>
            {
                await first.SendWelcomeAsync();
                await first.AcceptSubscriptionAsync();
                await first.SendTradesAsync("partial", trades.Take(100).ToArray());
                foreach (var chunk in trades.Skip(100).Take(100).Chunk(7)) await first.SendTradesAsync("insert", chunk);
                await Eventually.TrueAsync(() => Task.FromResult(Committed() == 200), "the first connection's trades aggregated");
                first.Drop();
            },
            async later =>
            {
                await later.SendWelcomeAsync();
                await later.AcceptSubscriptionAsync();
                // BitMEX's partial on reconnect replays recent trades: 150..200 were already counted.
                await later.SendTradesAsync("partial", trades.Skip(149).Take(51).ToArray());
                foreach (var chunk in trades.Skip(200).Chunk(11)) await later.SendTradesAsync("insert", chunk);
                // And a late trade for a minute that was committed long ago.
                await later.SendTradesAsync("insert", trades[4] with { TradeId = "late-0001", Time = Start.AddSeconds(1) });
                await later.Closed;
            });

        var builder = MarketAnalyticsApp.CreateBuilder(
        [
            $"--DataDirectory={data.Path}", "--Urls=http://127.0.0.1:0", "--Ingest:Source=bitmex",
            $"--Ingest:Bitmex:Url={server.Url}", "--Ingest:Bitmex:Symbols:0=XBTUSD", "--Ingest:Bitmex:Symbols:1=ETHUSD",
            "--Ingest:Bitmex:ReconnectBaseDelay=00:00:00.020", "--Ingest:Bitmex:ReconnectMaxDelay=00:00:00.200",
            "--Aggregation:PollInterval=00:00:00.050",
        ], Role.Run);
        app = builder.Build();
        app.MapMarketAnalytics(Role.Run);
        await app.StartAsync();
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(Committed() == 301), "all unique trades aggregated");
            var expected = trades.Append(trades[4] with { TradeId = "late-0001", Time = Start.AddSeconds(1) }).ToList();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            foreach (var instrument in new[] { Xbt, Eth })
            {
                var json = await ReadJsonAsync(client, $"/api/v1/candles?symbol={instrument}&interval=1m&from=2021-07-22T22:00:00Z&limit=5000");
                var windows = expected.Where(t => t.Instrument == instrument).GroupBy(t => CandleInterval.OneMinute.WindowStart(t.Time)).OrderBy(g => g.Key).ToList();
                Assert.Equal(windows.Count, json.GetArrayLength());
                foreach (var (window, candle) in windows.Zip(json.EnumerateArray()))
                {
                    var ordered = window.OrderBy(t => t.Time).ThenBy(t => t.TradeId.ToString(), StringComparer.Ordinal).ToList();
                    Assert.Equal(window.Key, candle.GetProperty("open_time").GetDateTime().ToUniversalTime());
                    Assert.Equal(ordered.Count, candle.GetProperty("trades").GetInt64());
                    Assert.Equal((ordered[0].Price, ordered.Max(t => t.Price), ordered.Min(t => t.Price), ordered[^1].Price),
                        (candle.GetProperty("open").GetDecimal(), candle.GetProperty("high").GetDecimal(), candle.GetProperty("low").GetDecimal(), candle.GetProperty("close").GetDecimal()));
                    Assert.Equal(ordered.Sum(t => t.BaseQuantity), candle.GetProperty("volume").GetDecimal());
                    Assert.Equal(ordered.Sum(t => t.QuoteQuantity), candle.GetProperty("quote_volume").GetDecimal());
                    Assert.Equal(ordered.Where(t => t.Side == TakerSide.Buy).Sum(t => t.BaseQuantity), candle.GetProperty("taker_buy_volume").GetDecimal());
                }
            }
            Assert.True(server.ConnectionCount >= 2);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static Trade TradeNumber(int n)
    {
        var instrument = n % 3 == 0 ? Eth : Xbt;
        var price = (instrument == Xbt ? 32000m : 2000m) + n % 17 * 0.5m;
        var contracts = 10m * (n % 13 + 1);
        var home = Math.Round(contracts / price, 8);
        return new Trade(instrument, $"00000000-0000-0000-0000-{n:D12}", Start.AddSeconds(n * 1.7), price, home, contracts,
            n % 4 == 0 ? TakerSide.Sell : TakerSide.Buy, contracts);
    }

    private static async Task<System.Text.Json.JsonElement> ReadJsonAsync(HttpClient client, string path)
    {
        var body = await client.GetStringAsync(path);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }
}
