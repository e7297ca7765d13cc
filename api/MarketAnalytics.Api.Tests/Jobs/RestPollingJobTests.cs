using System.Text.Json;
using Hangfire;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>The scheduled REST source in the whole host: its recurring job per configured instrument, run by the host's own
/// Hangfire server against a fake OKX on 127.0.0.1.</summary>
public sealed class RestPollingJobTests
{
    [Fact]
    public async Task A_configured_poll_is_a_recurring_job_listed_with_its_schedule_and_its_run_records_the_venues_trades()
    {
        await using var venue = await FakeOkxServer.StartAsync();
        var now = DateTime.UtcNow;
        var spot = InstrumentId.Of(Venues.Okx, "BTC-USDT");
        // Within the first run's look-back (5 minutes before now), so an empty log starts there.
        venue.TradeUnseen([.. Enumerable.Range(1, 120).Select(n =>
            new Trade(spot, n.ToString(), now.AddSeconds(-90 + n * 0.5), 60000m + n, 0.01m, (60000m + n) * 0.01m, n % 2 == 0 ? TakerSide.Buy : TakerSide.Sell))]);
        await using var host = await JobsHost.StartAsync(Role.Run, extraSettings:
        [
            $"--Ingest:Venues:okx:RestUrl={venue.RestUrl}",
            "--Ingest:Polling:okx:Symbols:0=BTC-USDT",
            "--Ingest:Sources=none",
        ]);

        host.Services.GetRequiredService<IRecurringJobManager>().Trigger("poll:okx:BTC-USDT");

        JsonElement poll = default;
        for (var attempt = 0; attempt < 600 && poll.ValueKind == JsonValueKind.Undefined; attempt++)
        {
            var jobs = (await host.GetJsonAsync("/api/v1/jobs")).EnumerateArray().ToList();
            var listed = jobs.Single(j => j.GetProperty("name").GetString() == "poll:okx:BTC-USDT");
            if (listed.GetProperty("last_status").GetString() == "Succeeded") poll = listed;
            else await Task.Delay(100);
        }
        Assert.NotEqual(JsonValueKind.Undefined, poll.ValueKind);
        Assert.Equal("* * * * *", poll.GetProperty("schedule").GetString());
        Assert.StartsWith("/hangfire/jobs/details/", poll.GetProperty("last_job").GetString());
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var symbols = await host.GetJsonAsync("/api/v1/symbols");
            if (symbols.ToString().Contains("okx:BTC-USDT", StringComparison.Ordinal)) return;
            await Task.Delay(100);
        }
        Assert.Fail("okx:BTC-USDT never got aggregates");
    }
}
