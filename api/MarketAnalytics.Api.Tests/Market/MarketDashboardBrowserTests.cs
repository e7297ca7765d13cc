using System.Globalization;
using MarketAnalytics.Api.Tests.Jobs;
using MarketAnalytics.Core;
using Microsoft.Playwright;

namespace MarketAnalytics.Api.Tests.Market;

/// <summary>The market dashboard at <c>/</c> in headless Debian Chromium against the whole pipeline on 127.0.0.1.</summary>
/// <remarks>Waits are bounded by Playwright's timeouts; the one that is short on purpose is the requirement that a new
/// trade shows on the open page within a second.</remarks>
public sealed class MarketDashboardBrowserTests
{
    private const int Minutes = 60;
    private static readonly InstrumentId Btc = InstrumentId.Of(Venues.Binance, "BTCUSDT");
    private static readonly DateTime Start = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];

    [ChromiumFact]
    public async Task The_page_draws_candles_from_real_data_shows_a_new_trade_live_and_switches_instruments()
    {
        await using var host = await MarketHost.StartAsync();
        var trades = Enumerable.Range(0, Minutes * 5)
            .Select(i => new Trade(Btc, (i + 1).ToString(CultureInfo.InvariantCulture), Start.AddSeconds(12 * i), 60000m + i % 17 * 10 - i / 3,
                0.01m + i % 5 / 100m, 0m, i % 3 == 0 ? TakerSide.Sell : TakerSide.Buy))
            .Select(t => t with { QuoteQuantity = t.Price * t.BaseQuantity })
            .ToList();
        await host.RecordAsync(trades);
        await host.WaitUntilAggregatedAsync(trades.Count);

        using var playwright = await PlaywrightDriver.StartAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 800 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(host.Exchange.Client.BaseAddress!, "/?symbol=binance:BTCUSDT&interval=1m").ToString());
        await page.Locator("body[data-ready=true]").WaitForAsync();
        await page.Locator("#connection.live").WaitForAsync();

        Assert.Equal(Minutes.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#chart", "data-candles"));
        Assert.True(await page.Locator("#chart canvas").CountAsync() > 0);
        // Candles are drawn: the chart's canvases hold pixels of the up and the down candle colours.
        var coloured = await page.EvaluateAsync<int[]>("""
            () => {
              const counts = [0, 0];
              for (const canvas of document.querySelectorAll('#chart canvas')) {
                if (!canvas.width || !canvas.height) continue;
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (pixels[i] === 38 && pixels[i + 1] === 166 && pixels[i + 2] === 154) counts[0]++;
                  if (pixels[i] === 239 && pixels[i + 1] === 83 && pixels[i + 2] === 80) counts[1]++;
                }
              }
              return counts;
            }
            """);
        Assert.True(coloured[0] > 0 && coloured[1] > 0, $"up/down candle pixels: {coloured[0]}/{coloured[1]}");
        var listed = await page.Locator("#instruments tr[data-symbol='binance:BTCUSDT'] td").Nth(1).InnerTextAsync();
        Assert.Equal(trades[^1].Price, decimal.Parse(listed, NumberStyles.Number, CultureInfo.InvariantCulture));

        await page.Locator("#instruments tr[data-symbol='internal:BTC-USDT']").ClickAsync();
        await page.Locator("#chart[data-symbol='internal:BTC-USDT']").WaitForAsync();
        Assert.EndsWith("/?symbol=internal%3ABTC-USDT&interval=1m", page.Url);
        Assert.True(await page.Locator("#book-panel").IsVisibleAsync());

        var placed = await host.TradeOnExchangeAsync(50000m, 0.02m);
        var tradeId = placed.GetProperty("trades")[0].GetProperty("trade_id").GetInt64();
        await page.Locator($"#trades tr[data-trade-id='{tradeId}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 1000 });
        await page.Locator("#chart[data-candles='1']").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "market-dashboard.png") });

        Assert.Equal("50,000", await page.Locator("#last-price").InnerTextAsync());
        Assert.Empty(errors);
    }
}
