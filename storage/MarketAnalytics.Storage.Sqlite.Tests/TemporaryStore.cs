namespace MarketAnalytics.Storage.Sqlite.Tests;

/// <summary>A store in a fresh temporary directory that is deleted with it.</summary>
public sealed class TemporaryStore : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "marketanalytics-sqlite-" + Guid.NewGuid().ToString("N"));

    public TemporaryStore() => Store = SqliteAggregateStore.Open(FilePath);

    public string FilePath => Path.Combine(_directory, "aggregates.db");

    public SqliteAggregateStore Store { get; private set; }

    /// <summary>Closes the store and opens the same file again, as a restarted process would.</summary>
    public async Task<SqliteAggregateStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = SqliteAggregateStore.Open(FilePath);
        return Store;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
