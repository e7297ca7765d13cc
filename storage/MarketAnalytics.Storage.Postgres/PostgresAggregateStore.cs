using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Npgsql;
using NpgsqlTypes;
using Polly;

namespace MarketAnalytics.Storage.Postgres;

/// <summary>The aggregate store on PostgreSQL: 1m and 1h candles with exact numeric columns, and consumers' log offsets.</summary>
/// <remarks>
/// Open it with <see cref="OpenAsync"/>, which checks the server answers and applies <see cref="PostgresMigrations"/>. A commit
/// locks the consumer's offset rows, refuses (returns false) when a range does not start at its stored offset, reads the touched
/// candles <c>FOR UPDATE</c>, merges the deltas in C# with <see cref="Candle.Merge"/> (so the stored result is exactly the
/// in-memory one, scale included) and writes them back with one multi-row upsert per table. Transient failures (connection lost,
/// deadlock, server shutting down) are retried with exponential backoff.
/// </remarks>
public sealed class PostgresAggregateStore : IAggregateStore
{
    private const string Columns =
        "instrument, window_start, trade_count, open, high, low, close, volume, quote_volume, taker_buy_volume, " +
        "taker_buy_quote_volume, first_trade_time, first_trade_id, last_trade_time, last_trade_id";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ResiliencePipeline _retry;

    private PostgresAggregateStore(PostgresDatabase database)
    {
        _dataSource = database.DataSource;
        _retry = database.Retry;
    }

    /// <summary>Connects and migrates; throws <see cref="InvalidOperationException"/> with one line naming the server when it
    /// cannot be reached.</summary>
    public static async Task<PostgresAggregateStore> OpenAsync(PostgresStoreOptions options, CancellationToken ct) =>
        new(await PostgresDatabase.OpenAsync(options, ct));

    public Task<IReadOnlyDictionary<string, long>> GetOffsetsAsync(string consumer, CancellationToken ct) =>
        _retry.ExecuteAsync(async token =>
        {
            await using var command = _dataSource.CreateCommand("SELECT partition, next_offset FROM consumer_offsets WHERE consumer = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = consumer });
            await using var reader = await command.ExecuteReaderAsync(token);
            var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(token)) offsets[reader.GetString(0)] = reader.GetInt64(1);
            return (IReadOnlyDictionary<string, long>)offsets;
        }, ct).AsTask();

    public Task<bool> CommitAsync(string consumer, IReadOnlyCollection<Candle> deltas, IReadOnlyCollection<LogRange> ranges,
        CancellationToken ct)
    {
        if (deltas.Any(d => !d.Interval.IsStored)) throw new ArgumentException("Only 1m and 1h candles are stored.", nameof(deltas));
        var minutes = Combine(deltas, CandleInterval.OneMinute);
        var hours = Combine(deltas, CandleInterval.OneHour);
        return _retry.ExecuteAsync(async token =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            if (!await AdvanceOffsetsAsync(connection, consumer, ranges, token)) return false;
            await MergeAsync(connection, "minute_aggregates", minutes, token);
            await MergeAsync(connection, "hour_aggregates", hours, token);
            await transaction.CommitAsync(token);
            return true;
        }, ct).AsTask();
    }

    public Task ReplaceWindowsAsync(string consumer, RerunBody body, bool dryRun, CancellationToken ct) =>
        _retry.ExecuteAsync(async token =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            // EXCLUSIVE still lets plain reads through but makes the streaming job's commits wait (they lock rows FOR UPDATE
            // before they write), so the offsets read next are exactly those the stored aggregates count.
            await using (var lockTables = new NpgsqlCommand("LOCK TABLE minute_aggregates, hour_aggregates IN EXCLUSIVE MODE", connection))
                await lockTables.ExecuteNonQueryAsync(token);
            var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var select = new NpgsqlCommand("SELECT partition, next_offset FROM consumer_offsets WHERE consumer = $1", connection))
            {
                select.Parameters.Add(new NpgsqlParameter { Value = consumer });
                await using var reader = await select.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token)) offsets[reader.GetString(0)] = reader.GetInt64(1);
            }
            await body(offsets, new PostgresWindowReplacer(connection, dryRun), token);
            if (dryRun) await transaction.RollbackAsync(token);
            else await transaction.CommitAsync(token);
        }, ct).AsTask();

    public Task<IReadOnlyList<Candle>> GetCandlesAsync(InstrumentId instrument, CandleInterval interval, DateTime from, DateTime to,
        CancellationToken ct) =>
        QueryCandlesAsync(CandlesSql(interval), interval, [instrument.ToString(), Utc(from), Utc(to)], ct);

    public Task<IReadOnlyList<Candle>> GetAllCandlesAsync(CandleInterval interval, DateTime from, DateTime to, CancellationToken ct) =>
        QueryCandlesAsync(AllCandlesSql(interval), interval, [Utc(from), Utc(to)], ct);

    public Task<IReadOnlyList<InstrumentId>> GetInstrumentsAsync(CancellationToken ct) =>
        _retry.ExecuteAsync(async token =>
        {
            await using var command = _dataSource.CreateCommand(InstrumentsSql);
            await using var reader = await command.ExecuteReaderAsync(token);
            var instruments = new List<InstrumentId>();
            while (await reader.ReadAsync(token)) instruments.Add(InstrumentId.Parse(reader.GetString(0)));
            return (IReadOnlyList<InstrumentId>)instruments;
        }, ct).AsTask();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    internal static string CandlesSql(CandleInterval interval) =>
        $"SELECT {Columns} FROM {Table(interval)} WHERE instrument = $1 AND window_start >= $2 AND window_start < $3 ORDER BY window_start";

    internal static string AllCandlesSql(CandleInterval interval) =>
        $"SELECT {Columns} FROM {Table(interval)} WHERE window_start >= $1 AND window_start < $2 ORDER BY window_start, instrument";

    // DISTINCT over millions of candles would scan them all; this walks the primary key from one instrument to the next
    // (a loose index scan), one index probe per instrument.
    internal const string InstrumentsSql = """
        WITH RECURSIVE minute_instruments(instrument) AS (
            (SELECT instrument FROM minute_aggregates ORDER BY instrument LIMIT 1)
            UNION ALL
            SELECT (SELECT m.instrument FROM minute_aggregates m WHERE m.instrument > i.instrument ORDER BY m.instrument LIMIT 1)
            FROM minute_instruments i WHERE i.instrument IS NOT NULL
        ), hour_instruments(instrument) AS (
            (SELECT instrument FROM hour_aggregates ORDER BY instrument LIMIT 1)
            UNION ALL
            SELECT (SELECT h.instrument FROM hour_aggregates h WHERE h.instrument > i.instrument ORDER BY h.instrument LIMIT 1)
            FROM hour_instruments i WHERE i.instrument IS NOT NULL
        )
        SELECT instrument FROM minute_instruments WHERE instrument IS NOT NULL
        UNION
        SELECT instrument FROM hour_instruments WHERE instrument IS NOT NULL
        ORDER BY instrument
        """;

    internal static string Table(CandleInterval interval) =>
        interval == CandleInterval.OneMinute ? "minute_aggregates"
        : interval == CandleInterval.OneHour ? "hour_aggregates"
        : throw new ArgumentOutOfRangeException(nameof(interval), interval, "Only 1m and 1h candles are stored.");

    internal static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private Task<IReadOnlyList<Candle>> QueryCandlesAsync(string sql, CandleInterval interval, object[] parameters, CancellationToken ct) =>
        _retry.ExecuteAsync(async token =>
        {
            await using var command = _dataSource.CreateCommand(sql);
            foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
            await using var reader = await command.ExecuteReaderAsync(token);
            var candles = new List<Candle>();
            while (await reader.ReadAsync(token)) candles.Add(ReadCandle(reader, interval));
            return (IReadOnlyList<Candle>)candles;
        }, ct).AsTask();

    internal static Candle ReadCandle(NpgsqlDataReader reader, CandleInterval interval) => new(
        InstrumentId.Parse(reader.GetString(0)), interval, reader.GetDateTime(1), reader.GetInt64(2),
        reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6),
        reader.GetDecimal(7), reader.GetDecimal(8), reader.GetDecimal(9), reader.GetDecimal(10),
        new DateTime(reader.GetInt64(11), DateTimeKind.Utc), reader.GetString(12),
        new DateTime(reader.GetInt64(13), DateTimeKind.Utc), reader.GetString(14));

    /// <summary>The deltas of one interval, those of the same window merged, keyed by (instrument, window start).</summary>
    internal static Dictionary<(string Instrument, DateTime Start), Candle> Combine(IReadOnlyCollection<Candle> deltas, CandleInterval interval)
    {
        var combined = new Dictionary<(string, DateTime), Candle>();
        foreach (var delta in deltas)
        {
            if (delta.Interval != interval) continue;
            var key = (delta.Instrument.ToString(), Utc(delta.OpenTime));
            combined[key] = combined.TryGetValue(key, out var earlier) ? earlier.Merge(delta, interval) : delta;
        }
        return combined;
    }

    /// <summary>Compare-and-set of the consumer's offsets: locks the stored rows, checks every range starts at its row, then
    /// moves the rows to the ranges' ends.</summary>
    private static async Task<bool> AdvanceOffsetsAsync(NpgsqlConnection connection, string consumer, IReadOnlyCollection<LogRange> ranges,
        CancellationToken ct)
    {
        if (ranges.Count == 0) return true;
        var partitions = ranges.Select(r => r.Partition).ToArray();
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand(
            "SELECT partition, next_offset FROM consumer_offsets WHERE consumer = $1 AND partition = ANY($2) ORDER BY partition FOR UPDATE",
            connection))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = consumer });
            select.Parameters.Add(new NpgsqlParameter { Value = partitions });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) stored[reader.GetString(0)] = reader.GetInt64(1);
        }
        foreach (var range in ranges)
            if (stored.TryGetValue(range.Partition, out var next) && next != range.From) return false;
        var absent = ranges.Where(r => !stored.ContainsKey(r.Partition)).ToArray();
        var present = ranges.Where(r => stored.ContainsKey(r.Partition)).ToArray();
        await using var batch = new NpgsqlBatch(connection);
        // A partition without a row accepts any start, but two members may both find it empty: inserting without overwriting
        // lets only the first one through (the second waits on the first's row, then inserts nothing and is refused).
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO consumer_offsets (consumer, partition, next_offset)
            SELECT $1, p, n FROM unnest($2::text[], $3::bigint[]) AS r(p, n)
            ON CONFLICT (consumer, partition) DO NOTHING
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = consumer });
        insert.Parameters.Add(new NpgsqlParameter { Value = absent.Select(r => r.Partition).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = absent.Select(r => r.To).ToArray() });
        var update = new NpgsqlBatchCommand("""
            UPDATE consumer_offsets o SET next_offset = r.n
            FROM unnest($2::text[], $3::bigint[]) AS r(p, n)
            WHERE o.consumer = $1 AND o.partition = r.p
            """);
        update.Parameters.Add(new NpgsqlParameter { Value = consumer });
        update.Parameters.Add(new NpgsqlParameter { Value = present.Select(r => r.Partition).ToArray() });
        update.Parameters.Add(new NpgsqlParameter { Value = present.Select(r => r.To).ToArray() });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(update);
        await batch.ExecuteNonQueryAsync(ct);
        return insert.RecordsAffected == absent.Length;
    }

    internal static async Task MergeAsync(NpgsqlConnection connection, string table,
        Dictionary<(string Instrument, DateTime Start), Candle> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0) return;
        var keys = deltas.Keys.OrderBy(k => k.Instrument, StringComparer.Ordinal).ThenBy(k => k.Start).ToArray();
        var interval = deltas.Values.First().Interval;
        var merged = new List<Candle>(keys.Length);
        var existing = new Dictionary<(string, DateTime), Candle>();
        // Sorted keys make concurrent committers lock rows in the same order, so they queue rather than deadlock.
        await using (var select = new NpgsqlCommand($"""
            SELECT {Columns} FROM {table}
            WHERE (instrument, window_start) IN (SELECT * FROM unnest($1::text[], $2::timestamptz[]))
            ORDER BY instrument, window_start FOR UPDATE
            """, connection))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Instrument).ToArray() });
            select.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Start).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var candle = ReadCandle(reader, interval);
                existing[(reader.GetString(0), candle.OpenTime)] = candle;
            }
        }
        foreach (var key in keys)
        {
            var delta = deltas[key];
            merged.Add(existing.TryGetValue(key, out var stored) ? stored.Merge(delta, interval) : delta);
        }
        await using var upsert = new NpgsqlCommand($"""
            INSERT INTO {table} ({Columns})
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::numeric[], $5::numeric[], $6::numeric[],
                $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::bigint[], $13::text[],
                $14::bigint[], $15::text[])
            ON CONFLICT (instrument, window_start) DO UPDATE SET
                trade_count = excluded.trade_count, open = excluded.open, high = excluded.high, low = excluded.low,
                close = excluded.close, volume = excluded.volume, quote_volume = excluded.quote_volume,
                taker_buy_volume = excluded.taker_buy_volume, taker_buy_quote_volume = excluded.taker_buy_quote_volume,
                first_trade_time = excluded.first_trade_time, first_trade_id = excluded.first_trade_id,
                last_trade_time = excluded.last_trade_time, last_trade_id = excluded.last_trade_id
            """, connection);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = keys.Select(k => k.Instrument).ToArray() });
        p.Add(new NpgsqlParameter { Value = keys.Select(k => k.Start).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.Count).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.Open).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.High).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.Low).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.Close).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.Volume).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.QuoteVolume).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.TakerBuyVolume).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.TakerBuyQuoteVolume).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.FirstTradeTime.Ticks).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.FirstTradeId.ToString()).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.LastTradeTime.Ticks).ToArray() });
        p.Add(new NpgsqlParameter { Value = merged.Select(c => c.LastTradeId.ToString()).ToArray() });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
