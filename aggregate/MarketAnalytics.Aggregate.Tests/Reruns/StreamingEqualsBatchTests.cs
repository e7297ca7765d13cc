using MarketAnalytics.Core.Testing;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.EmbeddedLog;
using MarketAnalytics.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate.Tests.Reruns;

/// <summary>The Kappa promise: aggregates recomputed from the log by a rerun are exactly what streaming produced, compared as the
/// stored rows themselves (decimal text included), on random streams through the real embedded log and SQLite store.</summary>
public sealed class StreamingEqualsBatchTests
{
    // The generator's times run from one tick before Start to exactly Start + 3 h: windows from Start - 1 h to Start + 3 h.
    private static readonly DateTime RangeFrom = MarketTrades.Start.AddHours(-1);
    private static readonly DateTime RangeTo = MarketTrades.Start.AddHours(4);

    /// <summary>A stream in arrival order, how many trades each streaming batch takes, how many already-logged trades are sent
    /// again, and the hours (counted from the range start) whose aggregates are deleted by hand.</summary>
    public sealed record Case(List<Trade> Trades, int Chunk, int Duplicates, int DeleteFromHour, int DeleteHours);

    private static Gen<Case> Cases() =>
        from trades in MarketTrades.Stream(300)
        from chunk in Gen.Choose(1, 90)
        from duplicates in Gen.Choose(0, 25)
        from deleteFrom in Gen.Choose(0, 4)
        from deleteHours in Gen.Choose(1, 2)
        select new Case(trades, chunk, duplicates, deleteFrom, deleteHours);

    [Fact]
    public void A_rerun_over_what_streaming_covered_changes_nothing_and_restores_deleted_windows_exactly() =>
        SeededProperty.Check(Cases(), c => CheckAsync(c).GetAwaiter().GetResult(), tests: 40);

    private static async Task CheckAsync(Case c)
    {
        var directory = Path.Combine(Path.GetTempPath(), "marketanalytics-kappa-" + Guid.NewGuid().ToString("N"));
        var storePath = Path.Combine(directory, "aggregates.db");
        try
        {
            await using var log = EmbeddedLog.Open(Path.Combine(directory, "log"));
            await using var store = SqliteAggregateStore.Open(storePath);
            var options = Options.Create(new AggregationOptions { MaxBatchTrades = Math.Max(1, c.Chunk / 2) });
            var streaming = new AggregationJob(log, store, options, NullLogger<AggregationJob>.Instance);

            // Streaming sees the trades in arrival order, batch by batch, so late trades land in windows already committed;
            // trades sent again are dropped by the log and must not count twice.
            foreach (var chunk in c.Trades.Concat(c.Trades.Take(c.Duplicates)).Chunk(c.Chunk))
            {
                await log.AppendTradesAsync(chunk, default);
                await streaming.DrainAsync(default);
            }
            var streamed = Rows(storePath);
            Assert.Equal(ReferenceCandles.MinutesAndHours(c.Trades).Count, streamed.Count);

            var engine = new RerunEngine(log, store, options);
            var check = await engine.RunAsync(new RerunRequest(RangeFrom, RangeTo, null, RerunIntervals.All, DryRun: false), null, default);
            Assert.Empty(check.Changes);
            Assert.Equal(streamed.Count, check.WindowsExamined);
            Assert.Equal(c.Trades.Count, check.TradesRead);
            Assert.Equal(streamed, Rows(storePath));

            var deleteFrom = RangeFrom.AddHours(c.DeleteFromHour);
            var deleteTo = deleteFrom.AddHours(c.DeleteHours);
            var deleted = DeleteWindows(storePath, deleteFrom, deleteTo);
            var repair = await engine.RunAsync(new RerunRequest(deleteFrom, deleteTo, null, RerunIntervals.All, DryRun: false), null, default);
            Assert.Equal(deleted, repair.WindowsChanged);
            Assert.All(repair.Changes, change => Assert.Equal(0, change.CountBefore));
            Assert.Equal(streamed, Rows(storePath));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Every stored row of both aggregate tables as its column text, so scale and digits are compared exactly.</summary>
    private static List<string> Rows(string path)
    {
        using var connection = Open(path);
        var rows = new List<string>();
        foreach (var table in new[] { "minute_aggregates", "hour_aggregates" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY instrument, window_start";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                rows.Add(table + "|" + string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    /// <summary>Deletes both intervals' windows starting in [from, to) behind the store's back; returns how many rows went.</summary>
    private static int DeleteWindows(string path, DateTime from, DateTime to)
    {
        using var connection = Open(path);
        var deleted = 0;
        foreach (var table in new[] { "minute_aggregates", "hour_aggregates" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM {table} WHERE window_start >= $from AND window_start < $to";
            command.Parameters.AddWithValue("$from", from.Ticks);
            command.Parameters.AddWithValue("$to", to.Ticks);
            deleted += command.ExecuteNonQuery();
        }
        return deleted;
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
