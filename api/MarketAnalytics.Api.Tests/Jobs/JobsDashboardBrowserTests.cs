using MarketAnalytics.Api.Hosting;
using Microsoft.Playwright;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>The jobs dashboard in headless Chromium against the whole pipeline (api + aggregation with its scheduler) on 127.0.0.1.</summary>
/// <remarks>Waits are bounded by Playwright's timeouts and only decide failure; nothing asserts on how long anything took.</remarks>
public sealed class JobsDashboardBrowserTests
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];

    [ChromiumFact]
    public async Task A_job_run_now_from_the_page_appears_and_finishes_without_a_reload()
    {
        await using var host = await JobsHost.StartAsync(PipelineRoles.All);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Path,
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(host.Address, "/jobs").ToString());
        await page.Locator("#live").Filter(new LocatorFilterOptions { HasText = "live" }).WaitForAsync();
        await page.FillAsync("#admin-key", JobsHost.AdminKey);
        await page.ClickAsync("button.run-now[data-job=integrity]");

        await page.Locator("#message").Filter(new LocatorFilterOptions { HasText = "Queued integrity as run" }).WaitForAsync();
        var finished = page.Locator("tr.run[data-job=integrity][data-status=succeeded]");
        await finished.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("hour windows", await finished.Locator("td.result").InnerTextAsync());
        Assert.Equal("integrity", await page.Locator("#jobs tr[data-job=integrity] td").First.Locator("strong").InnerTextAsync());
    }
}
