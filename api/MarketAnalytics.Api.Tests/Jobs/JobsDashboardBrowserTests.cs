using System.Globalization;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.EmbeddedLog;
using Microsoft.Playwright;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>The jobs dashboard in headless Chromium against the whole pipeline (api + aggregation with its scheduler) on 127.0.0.1.</summary>
/// <remarks>Waits are bounded by Playwright's timeouts and only decide failure; nothing asserts on how long anything took.</remarks>
public sealed class JobsDashboardBrowserTests
{
    private const int Trades = 600;
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Start = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];

    [ChromiumFact]
    public async Task A_rerun_started_from_the_page_appears_and_finishes_without_a_reload()
    {
        await using var host = await JobsHost.StartAsync(PipelineRoles.All, prepare: WriteTradesAsync);
        await WaitUntilAggregatedAsync(host);
        await using var session = await BrowserSession.OpenAsync(host);
        var page = session.Page;

        await page.FillAsync("#rerun input[name=from]", "2026-11-20T10:00:00Z");
        await page.FillAsync("#rerun input[name=to]", "2026-11-20T12:00:00Z");
        await page.FillAsync("#rerun input[name=symbols]", "binance:BTCUSDT");
        await page.SelectOptionAsync("#rerun select[name=interval]", "all");
        await page.ClickAsync("#rerun button[type=submit]");

        await page.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Queued rerun as run" }).WaitForAsync();
        var finished = page.Locator("tr.run[data-job=rerun][data-status=succeeded]");
        await finished.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var cells = await finished.Locator("td").AllInnerTextsAsync();
        // Streaming already aggregated every trade, so the rerun reads them all and finds nothing to change.
        Assert.Equal(["0", Trades.ToString(CultureInfo.InvariantCulture)], new[] { cells[7], cells[8] });
        Assert.Contains("no differences", cells[9]);
    }

    [ChromiumFact]
    public async Task A_job_run_now_from_the_page_appears_and_finishes_without_a_reload()
    {
        await using var host = await JobsHost.StartAsync(PipelineRoles.All);
        await using var session = await BrowserSession.OpenAsync(host);
        var page = session.Page;

        await page.ClickAsync("button.run-now[data-job=integrity]");

        await page.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Queued integrity as run" }).WaitForAsync();
        var finished = page.Locator("tr.run[data-job=integrity][data-status=succeeded]");
        await finished.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("hour windows", await finished.Locator("td.result").InnerTextAsync());
    }

    private static async Task WriteTradesAsync(string directory)
    {
        await using var log = EmbeddedLog.Open(Path.Combine(directory, "log"));
        var trades = Enumerable.Range(0, Trades)
            .Select(i => new Trade(Btc, (i + 1).ToString(CultureInfo.InvariantCulture), Start.AddSeconds(12 * i), 60000m + i % 13, 0.01m, 600m + i % 13 / 100m,
                i % 3 == 0 ? TakerSide.Sell : TakerSide.Buy))
            .ToList();
        await log.AppendTradesAsync(trades, CancellationToken.None);
    }

    private static async Task WaitUntilAggregatedAsync(JobsHost host)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var health = await host.GetJsonAsync("/health");
            if (health.GetProperty("aggregated_trades").GetInt64() >= Trades) return;
            await Task.Delay(100);
        }
        Assert.Fail($"streaming did not aggregate the {Trades} trades written before the host started");
    }

    /// <summary>Headless Debian Chromium with the jobs page open, the admin key entered and the event stream connected.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, Page) = (playwright, browser, page);

        public IPage Page { get; }

        public static async Task<BrowserSession> OpenAsync(JobsHost host)
        {
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFactAttribute.Path,
                Headless = true,
                Args = ChromiumArgs,
            });
            var page = await browser.NewPageAsync();
            await page.GotoAsync(new Uri(host.Address, "/jobs").ToString());
            await page.Locator("#live").Filter(new LocatorFilterOptions { HasText = "live" }).WaitForAsync();
            await page.FillAsync("#admin-key", JobsHost.AdminKey);
            return new BrowserSession(playwright, browser, page);
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }
    }
}
