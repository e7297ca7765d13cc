using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Sqlite;

namespace MarketAnalytics.Api.Tests;

/// <summary>A fresh data directory for a test, deleted afterwards, with access to the aggregates a command left in it.</summary>
public sealed class DataDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ma-data-" + Guid.NewGuid().ToString("N"));

    /// <summary>Every stored 1m and 1h candle in the directory's SQLite store.</summary>
    public async Task<IReadOnlyList<MarketAnalytics.Core.Candle>> AllCandlesAsync()
    {
        await using var store = SqliteAggregateStore.Open(System.IO.Path.Combine(Path, "aggregates.db"));
        var minutes = await store.GetAllCandlesAsync(MarketAnalytics.Core.CandleInterval.OneMinute, DateTime.MinValue, DateTime.MaxValue, CancellationToken.None);
        var hours = await store.GetAllCandlesAsync(MarketAnalytics.Core.CandleInterval.OneHour, DateTime.MinValue, DateTime.MaxValue, CancellationToken.None);
        return [.. minutes, .. hours];
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
