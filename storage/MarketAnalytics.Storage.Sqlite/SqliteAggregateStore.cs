using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Data.Sqlite;

namespace MarketAnalytics.Storage.Sqlite;

/// <summary>The embedded aggregate store: minute and hour aggregates and consumer offsets in one SQLite file (WAL mode).</summary>
/// <remarks>Writers serialise on SQLite's write lock; readers run beside them on their own pooled connections.</remarks>
public sealed class SqliteAggregateStore : IAggregateStore
{
    internal const string Columns =
        "instrument, window_start, trade_count, open, high, low, close, volume, quote_volume, taker_buy_volume, " +
        "taker_buy_quote_volume, first_trade_time, first_trade_id, last_trade_time, last_trade_id";

    private readonly SqliteDatabase _database;

    private SqliteAggregateStore(SqliteDatabase database) => _database = database;

    /// <summary>Opens (creating if needed) the store in the file <paramref name="path"/> and brings its schema up to date.</summary>
    public static SqliteAggregateStore Open(string path) => new(SqliteDatabase.Open(path));

    public Task<IReadOnlyDictionary<string, long>> GetOffsetsAsync(string consumer, CancellationToken ct)
    {
        using var connection = Connect();
        return Task.FromResult(ReadOffsets(connection, null, consumer));
    }

    public Task<bool> CommitAsync(string consumer, IReadOnlyCollection<Candle> deltas, IReadOnlyCollection<LogRange> ranges, CancellationToken ct)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        var stored = ReadOffsets(connection, transaction, consumer);
        foreach (var range in ranges)
            if (stored.TryGetValue(range.Partition, out var next) && next != range.From) return Task.FromResult(false);

        foreach (var group in deltas.GroupBy(d => d.Interval))
            MergeWindows(connection, transaction, group.Key, group);
        WriteOffsets(connection, transaction, consumer, ranges);
        transaction.Commit();
        return Task.FromResult(true);
    }

    public async Task ReplaceWindowsAsync(string consumer, RerunBody body, bool dryRun, CancellationToken ct)
    {
        using var connection = Connect();
        // IMMEDIATE takes SQLite's write lock now: the streaming job's commits wait until this transaction ends.
        using var transaction = connection.BeginTransaction(deferred: false);
        await body(ReadOffsets(connection, transaction, consumer), new SqliteWindowReplacer(connection, transaction, dryRun), ct);
        if (!dryRun) transaction.Commit();
    }

    public Task<IReadOnlyList<Candle>> GetCandlesAsync(InstrumentId instrument, CandleInterval interval, DateTime from, DateTime to, CancellationToken ct)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {SqliteSchema.TableOf(interval)} " +
                              "WHERE instrument = $instrument AND window_start >= $from AND window_start < $to ORDER BY window_start";
        command.Parameters.AddWithValue("$instrument", instrument.ToString());
        command.Parameters.AddWithValue("$from", from.Ticks);
        command.Parameters.AddWithValue("$to", to.Ticks);
        return Task.FromResult(ReadCandles(command, interval));
    }

    public Task<IReadOnlyList<Candle>> GetAllCandlesAsync(CandleInterval interval, DateTime from, DateTime to, CancellationToken ct)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {SqliteSchema.TableOf(interval)} " +
                              "WHERE window_start >= $from AND window_start < $to ORDER BY window_start, instrument";
        command.Parameters.AddWithValue("$from", from.Ticks);
        command.Parameters.AddWithValue("$to", to.Ticks);
        return Task.FromResult(ReadCandles(command, interval));
    }

    public Task<IReadOnlyList<InstrumentId>> GetInstrumentsAsync(CancellationToken ct)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        // A skip-scan: one primary-key search per instrument, where SELECT DISTINCT would read every stored hour.
        command.CommandText = """
            WITH RECURSIVE instruments(instrument) AS (
                SELECT min(instrument) FROM hour_aggregates
                UNION ALL
                SELECT (SELECT min(instrument) FROM hour_aggregates WHERE instrument > instruments.instrument)
                FROM instruments WHERE instrument IS NOT NULL)
            SELECT instrument FROM instruments WHERE instrument IS NOT NULL
            """;
        var result = new List<InstrumentId>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(InstrumentId.Parse(reader.GetString(0)));
        return Task.FromResult<IReadOnlyList<InstrumentId>>(result);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private SqliteConnection Connect() => _database.Connect();

    internal static void MergeWindows(SqliteConnection connection, SqliteTransaction transaction, CandleInterval interval, IEnumerable<Candle> deltas)
    {
        var table = SqliteSchema.TableOf(interval);
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {Columns} FROM {table} WHERE instrument = $instrument AND window_start = $start";
        var selectInstrument = select.Parameters.Add("$instrument", SqliteType.Text);
        var selectStart = select.Parameters.Add("$start", SqliteType.Integer);

        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = $"INSERT OR REPLACE INTO {table} ({Columns}) VALUES " +
                             "($i, $ws, $n, $o, $h, $l, $c, $v, $qv, $tbv, $tbqv, $ft, $fid, $lt, $lid)";
        var p = new[] { "$i", "$ws", "$n", "$o", "$h", "$l", "$c", "$v", "$qv", "$tbv", "$tbqv", "$ft", "$fid", "$lt", "$lid" }
            .Select(name => upsert.Parameters.Add(name, name is "$ws" or "$n" or "$ft" or "$lt" ? SqliteType.Integer : SqliteType.Text))
            .ToArray();

        foreach (var delta in deltas)
        {
            selectInstrument.Value = delta.Instrument.ToString();
            selectStart.Value = delta.OpenTime.Ticks;
            Candle merged;
            using (var reader = select.ExecuteReader())
                merged = reader.Read() ? ReadCandle(reader, interval).Merge(delta, interval) : delta;
            p[0].Value = merged.Instrument.ToString();
            p[1].Value = merged.OpenTime.Ticks;
            p[2].Value = merged.Count;
            p[3].Value = Text(merged.Open);
            p[4].Value = Text(merged.High);
            p[5].Value = Text(merged.Low);
            p[6].Value = Text(merged.Close);
            p[7].Value = Text(merged.Volume);
            p[8].Value = Text(merged.QuoteVolume);
            p[9].Value = Text(merged.TakerBuyVolume);
            p[10].Value = Text(merged.TakerBuyQuoteVolume);
            p[11].Value = merged.FirstTradeTime.Ticks;
            p[12].Value = merged.FirstTradeId.ToString();
            p[13].Value = merged.LastTradeTime.Ticks;
            p[14].Value = merged.LastTradeId.ToString();
            upsert.ExecuteNonQuery();
        }
    }

    private static IReadOnlyDictionary<string, long> ReadOffsets(SqliteConnection connection, SqliteTransaction? transaction, string consumer)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT partition, next_offset FROM consumer_offsets WHERE consumer = $consumer";
        command.Parameters.AddWithValue("$consumer", consumer);
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read()) offsets[reader.GetString(0)] = reader.GetInt64(1);
        return offsets;
    }

    private static void WriteOffsets(SqliteConnection connection, SqliteTransaction transaction, string consumer, IEnumerable<LogRange> ranges)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO consumer_offsets (consumer, partition, next_offset) VALUES ($consumer, $partition, $next)";
        command.Parameters.AddWithValue("$consumer", consumer);
        var partition = command.Parameters.Add("$partition", SqliteType.Text);
        var next = command.Parameters.Add("$next", SqliteType.Integer);
        foreach (var range in ranges)
        {
            partition.Value = range.Partition;
            next.Value = range.To;
            command.ExecuteNonQuery();
        }
    }

    internal static IReadOnlyList<Candle> ReadCandles(SqliteCommand command, CandleInterval interval)
    {
        var result = new List<Candle>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(ReadCandle(reader, interval));
        return result;
    }

    private static Candle ReadCandle(SqliteDataReader r, CandleInterval interval) => new(
        InstrumentId.Parse(r.GetString(0)), interval, Utc(r.GetInt64(1)), r.GetInt64(2),
        Number(r.GetString(3)), Number(r.GetString(4)), Number(r.GetString(5)), Number(r.GetString(6)),
        Number(r.GetString(7)), Number(r.GetString(8)), Number(r.GetString(9)), Number(r.GetString(10)),
        Utc(r.GetInt64(11)), r.GetString(12), Utc(r.GetInt64(13)), r.GetString(14));

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Number(string text) =>
        decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
