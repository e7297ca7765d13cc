using Hangfire.Storage.SQLite;
using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>The embedded job storage while distributed locks are held: Hangfire.Storage.SQLite renews a held lock from a timer
/// through the owner's own connection while the owner works on it, which on connections opened <c>NoMutex</c> crashed the
/// process or hung it (raisedapp/Hangfire.Storage.SQLite#79).</summary>
public sealed class SqliteJobStorageTests
{
    [Fact]
    public async Task Work_under_held_locks_survives_their_heartbeats_and_keeps_every_write()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ma-jobs-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A 50 ms lock lifetime renews every 10 ms, so the renewals meet the owner's own reads and writes many times.
            using var storage = JobStorages.Sqlite(new DataOptions { DataDirectory = directory }, new SQLiteStorageOptions { DistributedLockLifetime = TimeSpan.FromMilliseconds(50) });
            const int Workers = 4, Rounds = 5, Writes = 200;
            var work = Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(() =>
            {
                for (var round = 0; round < Rounds; round++)
                {
                    using var connection = storage.GetConnection();
                    using var held = connection.AcquireDistributedLock($"worker-{worker}", TimeSpan.FromSeconds(30));
                    for (var write = 0; write < Writes; write++)
                    {
                        connection.SetRangeInHash($"hash-{worker}", [new KeyValuePair<string, string>($"{round}-{write}", "x")]);
                        Assert.Equal(round * Writes + write + 1, connection.GetAllEntriesFromHash($"hash-{worker}").Count);
                    }
                }
            })));

            await work.WaitAsync(TimeSpan.FromMinutes(2));
            using var check = storage.GetConnection();
            Assert.All(Enumerable.Range(0, Workers), worker => Assert.Equal(Rounds * Writes, check.GetAllEntriesFromHash($"hash-{worker}").Count));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
