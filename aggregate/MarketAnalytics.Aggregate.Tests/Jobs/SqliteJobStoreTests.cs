using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Sqlite;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Aggregate.Tests.Jobs;

/// <summary>The job store contract on SQLite, in a temporary file shared with the aggregate store, as in production.</summary>
public sealed class SqliteJobStoreTests : JobStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "marketanalytics-jobs-" + Guid.NewGuid().ToString("N"));

    private string StorePath => Path.Combine(_directory, "aggregates.db");

    protected override Task<IJobStore> OpenAsync() => Task.FromResult<IJobStore>(SqliteJobStore.Open(StorePath));

    protected override Task DeleteAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_job_tables_live_beside_the_aggregates_in_one_file()
    {
        await using var aggregates = SqliteAggregateStore.Open(StorePath);
        var id = await Store.QueueAsync("integrity", JobTrigger.Manual, "{}", Now, default);
        Assert.Empty(await aggregates.GetInstrumentsAsync(default));
        Assert.NotNull(await Store.GetRunAsync(id, default));
    }
}
