using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Jobs;
using Microsoft.Playwright;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>Hangfire's dashboard at <c>/hangfire</c> in headless Debian Chromium against the whole pipeline (api + aggregation
/// with its Hangfire server) on 127.0.0.1.</summary>
/// <remarks>Waits are bounded by Playwright's timeouts and only decide failure; nothing asserts on how long anything took.</remarks>
public sealed class JobsDashboardBrowserTests
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];

    [ChromiumFact]
    public async Task Without_the_admin_key_the_dashboard_answers_401_and_asks_for_it()
    {
        await using var host = await JobsHost.StartAsync(Role.Run);
        // A wrong key where the browser asks for one: Chromium offers it once, then shows the server's 401 answer.
        await using var session = await BrowserSession.OpenAsync(new HttpCredentials { Username = "admin", Password = "not-the-key" });

        var response = await session.Page.GotoAsync(new Uri(host.Address, "/hangfire/recurring").ToString());

        Assert.Equal(401, response!.Status);
        Assert.StartsWith("Basic ", await response.HeaderValueAsync("www-authenticate"));
        Assert.DoesNotContain(JobNames.Reconciliation, await session.Page.ContentAsync());
    }

    [ChromiumFact]
    public async Task With_the_key_the_recurring_jobs_are_listed_and_trigger_now_runs_one_to_its_result()
    {
        await using var host = await JobsHost.StartAsync(Role.Run);
        await using var session = await BrowserSession.OpenAsync(new HttpCredentials { Username = "admin", Password = JobsHost.AdminKey });
        var page = session.Page;

        var response = await page.GotoAsync(new Uri(host.Address, "/hangfire/recurring").ToString());
        Assert.Equal(200, response!.Status);
        var listed = await page.Locator("input.js-jobs-list-checkbox").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.value)");
        Assert.Equal([JobNames.Integrity, JobNames.Reconciliation, JobNames.Retention], listed.Order(StringComparer.Ordinal));

        await page.CheckAsync($"input.js-jobs-list-checkbox[value={JobNames.Integrity}]");
        // The dashboard reloads the page once the trigger is accepted.
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Load += (_, _) => reloaded.TrySetResult();
        var trigger = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button.js-jobs-list-command:has-text('Trigger now')"),
            r => r.Url.EndsWith("/hangfire/recurring/trigger", StringComparison.Ordinal));
        Assert.True(trigger.Ok, $"the trigger answered {trigger.Status}");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The triggered run ends up among the succeeded jobs; its page shows the job's result (the integrity summary).
        var succeeded = new Uri(host.Address, "/hangfire/jobs/succeeded").ToString();
        var run = page.Locator("a.job-method", new PageLocatorOptions { HasText = JobNames.Integrity });
        for (var attempt = 0; attempt < 100 && await run.CountAsync() == 0; attempt++)
        {
            await page.GotoAsync(succeeded);
            if (await run.CountAsync() == 0) await page.WaitForTimeoutAsync(200);
        }
        await run.First.ClickAsync();
        await page.Locator(".state-card-title", new PageLocatorOptions { HasText = "Succeeded" }).First.WaitForAsync();
        var details = await page.InnerTextAsync("body");
        Assert.Contains("equal the roll-up of their minutes", details);
        Assert.Contains("\"WindowsExamined\":0", details);
        Assert.Contains(RecordRunTimesAttribute.FinishedAt, details);
    }

    [ChromiumFact]
    public async Task Without_an_admin_key_set_the_dashboard_is_local_and_read_only_and_says_how_to_enable_it()
    {
        await using var host = await JobsHost.StartAsync(Role.Run, adminKey: null);
        await using var session = await BrowserSession.OpenAsync(credentials: null);
        var page = session.Page;

        var response = await page.GotoAsync(new Uri(host.Address, "/hangfire/recurring").ToString());

        Assert.Equal(200, response!.Status);
        Assert.Contains("set Api:AdminKey", await page.InnerTextAsync(".navbar-brand"));
        Assert.Equal(3, await page.Locator("table tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("button.js-jobs-list-command").CountAsync());
    }

    /// <summary>Headless Debian Chromium with one page, sending <c>credentials</c> when a server asks for Basic authentication.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, Page) = (playwright, browser, page);

        public IPage Page { get; }

        public static async Task<BrowserSession> OpenAsync(HttpCredentials? credentials)
        {
            var playwright = await PlaywrightDriver.StartAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFactAttribute.Path,
                Headless = true,
                Args = ChromiumArgs,
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { HttpCredentials = credentials });
            // Accept any confirmation the dashboard asks for (Playwright would dismiss it otherwise).
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            return new BrowserSession(playwright, browser, page);
        }

        // Closing waits for Chromium's answer, so it is bounded; ending the Playwright driver ends a browser that did not close.
        public async ValueTask DisposeAsync()
        {
            try
            {
                await _browser.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                _playwright.Dispose();
            }
        }
    }
}
