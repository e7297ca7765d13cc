using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Storage.Postgres.Tests;

/// <summary>The job store contract on PostgreSQL, each test in a schema of its own beside the aggregate tables, as in production.</summary>
[RequiresEnvironment(PostgresFactAttribute.Variable, PostgresFactAttribute.NotSetReason)]
public sealed class PostgresJobStoreTests : JobStoreContract
{
    private readonly TestSchema _schema = new();

    protected override async Task<IJobStore> OpenAsync() => await PostgresJobStore.OpenAsync(_schema.Options, default);

    protected override Task DeleteAsync() => _schema.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task The_job_tables_live_beside_the_aggregates_in_one_schema()
    {
        await using var aggregates = await _schema.OpenStoreAsync();
        var id = await Store.QueueAsync("integrity", JobTrigger.Manual, "{}", Now, default);
        Assert.Empty(await aggregates.GetInstrumentsAsync(default));
        Assert.NotNull(await Store.GetRunAsync(id, default));
        Assert.Equal(["job_leases", "job_runs"], await _schema.QueryAsync(
            $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{_schema.Options.Schema}' AND table_name LIKE 'job%' ORDER BY 1"));
    }

    [PostgresFact]
    public async Task Runs_are_stored_with_the_names_the_api_shows()
    {
        await Store.QueueAsync("rerun", JobTrigger.RerunRequest, "{}", Now, default);
        Assert.Equal(["rerun_request queued"], await _schema.QueryAsync("SELECT trigger || ' ' || status FROM job_runs"));
    }
}
