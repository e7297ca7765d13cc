using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Data.Sqlite;

namespace MarketAnalytics.Storage.Sqlite;

/// <summary>Replaces windows inside the transaction of a rerun (see <see cref="SqliteAggregateStore.ReplaceWindowsAsync"/>).</summary>
internal sealed class SqliteWindowReplacer(SqliteConnection connection, SqliteTransaction transaction, bool dryRun) : IWindowReplacer
{
    public Task<IReadOnlyList<Candle>> ReplaceAsync(WindowRange range, IReadOnlyList<Candle> candles, CancellationToken ct)
    {
        if (candles.FirstOrDefault(c => !range.Contains(c)) is { } outside)
            throw new ArgumentException($"the window {outside.Instrument} {outside.Interval} {outside.OpenTime:O} is outside the range it replaces");
        var before = new List<Candle>();
        foreach (var interval in range.Intervals)
        {
            using var select = Command($"SELECT {SqliteAggregateStore.Columns} FROM {SqliteSchema.TableOf(interval)} " +
                                       "WHERE window_start >= $from AND window_start < $to ORDER BY window_start, instrument");
            select.Parameters.AddWithValue("$from", range.From.Ticks);
            select.Parameters.AddWithValue("$to", range.To.Ticks);
            before.AddRange(SqliteAggregateStore.ReadCandles(select, interval).Where(range.Contains));
        }
        if (dryRun) return Task.FromResult<IReadOnlyList<Candle>>(before);

        foreach (var stale in before)
        {
            using var delete = Command($"DELETE FROM {SqliteSchema.TableOf(stale.Interval)} WHERE instrument = $instrument AND window_start = $start");
            delete.Parameters.AddWithValue("$instrument", stale.Instrument.ToString());
            delete.Parameters.AddWithValue("$start", stale.OpenTime.Ticks);
            delete.ExecuteNonQuery();
        }
        foreach (var group in candles.GroupBy(c => c.Interval))
            SqliteAggregateStore.MergeWindows(connection, transaction, group.Key, group);
        return Task.FromResult<IReadOnlyList<Candle>>(before);
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
