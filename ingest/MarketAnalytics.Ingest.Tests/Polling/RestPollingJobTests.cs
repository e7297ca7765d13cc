using Hangfire;
using Hangfire.Storage;
using Hangfire.InMemory;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Polling;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Tests.Polling;

public sealed class RestPollingJobTests
{
    private static readonly InstrumentId Spot = InstrumentId.Of(Venues.Okx, "BTC-USDT");
    private static readonly DateTime Start = new(2024, 3, 1, 12, 0, 30, DateTimeKind.Utc);

    private static Trade SpotTrade(int n) => new(Spot, n.ToString(), Start.AddMilliseconds(300 * n), 60000m + n % 7, 0.002m * n,
        (60000m + n % 7) * 0.002m * n, n % 3 == 0 ? TakerSide.Sell : TakerSide.Buy);

    private sealed class ContainerActivator(IServiceProvider services) : JobActivator
    {
        public override object ActivateJob(Type jobType) => services.GetRequiredService(jobType);
    }

    [Fact]
    public async Task Triggering_the_recurring_poll_records_the_venues_trades_once_and_a_second_run_adds_nothing()
    {
        await using var log = new TemporaryLog();
        await using var venue = await FakeOkxServer.StartAsync();
        // The log holds the instrument's first trade; the venue made 249 more since, reachable only over REST.
        await log.Recorder.RecordAsync([SpotTrade(1)], [], CancellationToken.None);
        venue.TradeUnseen([.. Enumerable.Range(1, 250).Select(SpotTrade)]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ingest:Venues:okx:RestUrl"] = venue.RestUrl.ToString(),
            ["Ingest:Polling:okx:Symbols:0"] = "BTC-USDT",
            ["Ingest:Polling:okx:Schedule"] = "*/5 * * * *",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(log.Recorder)
            .AddSingleton<IMarketLog>(log.Log)
            .AddRestPolling(configuration);
        await using var provider = services.BuildServiceProvider();
        // Job storage is not what this tests: Hangfire's own in-memory storage (the embedded host's SQLite storage is tested in
        // the API's tests).
        using var storage = new InMemoryStorage();
        var manager = new RecurringJobManager(storage);
        RestPollingSchedules.Register(manager, provider.GetRequiredService<IOptions<RestPollingOptions>>().Value);
        using (var connection = storage.GetConnection())
        {
            var job = Assert.Single(connection.GetRecurringJobs());
            Assert.Equal(("poll:okx:BTC-USDT", "*/5 * * * *"), (job.Id, job.Cron));
        }
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { Activator = new ContainerActivator(provider), WorkerCount = 1 }, storage);

        manager.Trigger("poll:okx:BTC-USDT");
        await Eventually.TrueAsync(() => Task.FromResult(storage.GetMonitoringApi().SucceededListCount() == 1), "the first run to succeed");
        var afterFirst = await log.ReadTradesAsync();
        manager.Trigger("poll:okx:BTC-USDT");
        await Eventually.TrueAsync(() => Task.FromResult(storage.GetMonitoringApi().SucceededListCount() == 2), "the second run to succeed");

        Assert.Equal(Enumerable.Range(1, 250).Select(SpotTrade), afterFirst.OrderBy(t => long.Parse(t.TradeId.ToString())));
        Assert.Equal(afterFirst, await log.ReadTradesAsync());
        var runs = storage.GetMonitoringApi().SucceededJobs(0, 10).Select(j => j.Value.Result?.ToString() ?? "").ToList();
        Assert.Contains(runs, r => r.Contains("249 new", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("0 new", StringComparison.Ordinal));
        Assert.Equal(0, storage.GetMonitoringApi().FailedCount());
    }

    [Fact]
    public void Polling_settings_are_validated_with_messages_that_name_them()
    {
        var options = new RestPollingOptions
        {
            Venues =
            {
                ["nope"] = new RestPollingVenueOptions { Symbols = ["X"] },
                ["okx"] = new RestPollingVenueOptions { Symbols = ["BTC-USDT"], Schedule = "every minute" },
            },
        };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(r => r.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.StartsWith("Ingest:Polling:nope: 'nope' cannot be polled", StringComparison.Ordinal));
        Assert.Contains("Ingest:Polling:okx:Schedule 'every minute' is not a cron expression", errors);
    }
}
