using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Npgsql;
using NpgsqlTypes;

namespace MarketAnalytics.Storage.Postgres;

/// <summary>Replaces windows inside the transaction of a rerun (see <see cref="PostgresAggregateStore.ReplaceWindowsAsync"/>).</summary>
internal sealed class PostgresWindowReplacer(NpgsqlConnection connection, bool dryRun) : IWindowReplacer
{
    public async Task<IReadOnlyList<Candle>> ReplaceAsync(WindowRange range, IReadOnlyList<Candle> candles, CancellationToken ct)
    {
        if (candles.FirstOrDefault(c => !range.Contains(c)) is { } outside)
            throw new ArgumentException($"the window {outside.Instrument} {outside.Interval} {outside.OpenTime:O} is outside the range it replaces");
        var before = new List<Candle>();
        foreach (var interval in range.Intervals)
        {
            await using var select = new NpgsqlCommand(PostgresAggregateStore.AllCandlesSql(interval), connection);
            select.Parameters.Add(new NpgsqlParameter { Value = PostgresAggregateStore.Utc(range.From) });
            select.Parameters.Add(new NpgsqlParameter { Value = PostgresAggregateStore.Utc(range.To) });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var candle = PostgresAggregateStore.ReadCandle(reader, interval);
                if (range.Contains(candle)) before.Add(candle);
            }
        }
        if (dryRun) return before;

        foreach (var interval in range.Intervals)
        {
            var stale = before.Where(c => c.Interval == interval).ToArray();
            if (stale.Length == 0) continue;
            await using var delete = new NpgsqlCommand($"""
                DELETE FROM {PostgresAggregateStore.Table(interval)}
                WHERE (instrument, window_start) IN (SELECT * FROM unnest($1::text[], $2::timestamptz[]))
                """, connection);
            delete.Parameters.Add(new NpgsqlParameter { Value = stale.Select(c => c.Instrument.ToString()).ToArray() });
            delete.Parameters.Add(new NpgsqlParameter
            {
                Value = stale.Select(c => PostgresAggregateStore.Utc(c.OpenTime)).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            });
            await delete.ExecuteNonQueryAsync(ct);
        }
        await PostgresAggregateStore.MergeAsync(connection, "minute_aggregates", PostgresAggregateStore.Combine(candles, CandleInterval.OneMinute), ct);
        await PostgresAggregateStore.MergeAsync(connection, "hour_aggregates", PostgresAggregateStore.Combine(candles, CandleInterval.OneHour), ct);
        return before;
    }
}
