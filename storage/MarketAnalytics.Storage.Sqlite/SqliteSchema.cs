using Microsoft.Data.Sqlite;

namespace MarketAnalytics.Storage.Sqlite;

/// <summary>The versioned schema of the SQLite store, applied at open (the version lives in <c>PRAGMA user_version</c>).</summary>
/// <remarks>Times are <see cref="DateTime.Ticks"/> (UTC) so they round-trip exactly; amounts are decimal text in invariant
/// culture, which keeps every digit and the scale (SQLite's REAL would not).</remarks>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        AggregateTable("minute_aggregates") + AggregateTable("hour_aggregates") +
        """
        CREATE TABLE consumer_offsets (
            consumer TEXT NOT NULL,
            partition TEXT NOT NULL,
            next_offset INTEGER NOT NULL,
            PRIMARY KEY (consumer, partition)) WITHOUT ROWID;
        """,
        """
        CREATE TABLE job_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job TEXT NOT NULL,
            trigger TEXT NOT NULL,
            parameters TEXT NOT NULL,
            status TEXT NOT NULL,
            queued_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER,
            windows_examined INTEGER NOT NULL DEFAULT 0,
            windows_changed INTEGER NOT NULL DEFAULT 0,
            trades_read INTEGER NOT NULL DEFAULT 0,
            summary TEXT,
            error TEXT);
        CREATE INDEX job_runs_by_job ON job_runs (job, id);
        CREATE INDEX job_runs_by_status ON job_runs (status, id);
        CREATE TABLE job_leases (
            job TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at INTEGER NOT NULL) WITHOUT ROWID;
        """,
        // Jobs moved to Hangfire (its own database file beside this one): their run record and leases go.
        """
        DROP TABLE job_leases;
        DROP TABLE job_runs;
        """,
    ];

    /// <summary>A table of 1m or 1h aggregates keyed by (instrument, window start), with an index for the all-instrument queries.</summary>
    private static string AggregateTable(string name) => $"""
        CREATE TABLE {name} (
            instrument TEXT NOT NULL,
            window_start INTEGER NOT NULL,
            trade_count INTEGER NOT NULL,
            open TEXT NOT NULL, high TEXT NOT NULL, low TEXT NOT NULL, close TEXT NOT NULL,
            volume TEXT NOT NULL, quote_volume TEXT NOT NULL,
            taker_buy_volume TEXT NOT NULL, taker_buy_quote_volume TEXT NOT NULL,
            first_trade_time INTEGER NOT NULL, first_trade_id TEXT NOT NULL,
            last_trade_time INTEGER NOT NULL, last_trade_id TEXT NOT NULL,
            PRIMARY KEY (instrument, window_start)) WITHOUT ROWID;
        CREATE INDEX {name}_by_window ON {name} (window_start);

        """;

    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(Execute(connection, transaction, "PRAGMA user_version", scalar: true));
        for (var i = version; i < Migrations.Length; i++)
        {
            Execute(connection, transaction, Migrations[i], scalar: false);
            Execute(connection, transaction, $"PRAGMA user_version = {i + 1}", scalar: false);
        }
        transaction.Commit();
    }

    public static string TableOf(MarketAnalytics.Core.CandleInterval interval) =>
        interval.Minutes switch
        {
            1 => "minute_aggregates",
            60 => "hour_aggregates",
            _ => throw new ArgumentException($"only 1m and 1h candles are stored, not {interval}", nameof(interval)),
        };

    private static object? Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, bool scalar)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return scalar ? command.ExecuteScalar() : command.ExecuteNonQuery();
    }
}
