using Npgsql;

namespace MarketAnalytics.Storage.Postgres;

/// <summary>The versioned schema changes, applied in order at start; each runs once per schema, recorded in
/// <c>schema_migrations</c>.</summary>
/// <remarks>Append new versions, never edit applied ones. An advisory lock makes concurrent starts (two aggregation replicas)
/// apply them once.</remarks>
internal static class PostgresMigrations
{
    private static readonly (int Version, string Sql)[] All =
    [
        (1, """
            CREATE TABLE minute_aggregates (
                instrument text NOT NULL,
                window_start timestamptz NOT NULL,
                trade_count bigint NOT NULL,
                open numeric NOT NULL,
                high numeric NOT NULL,
                low numeric NOT NULL,
                close numeric NOT NULL,
                volume numeric NOT NULL,
                quote_volume numeric NOT NULL,
                taker_buy_volume numeric NOT NULL,
                taker_buy_quote_volume numeric NOT NULL,
                -- Trade times are DateTime ticks (100 ns since 0001-01-01 UTC): timestamptz keeps only microseconds.
                first_trade_time bigint NOT NULL,
                first_trade_id text NOT NULL,
                last_trade_time bigint NOT NULL,
                last_trade_id text NOT NULL,
                PRIMARY KEY (instrument, window_start)
            );
            CREATE INDEX minute_aggregates_window_start ON minute_aggregates (window_start, instrument);
            CREATE TABLE hour_aggregates (LIKE minute_aggregates INCLUDING ALL);
            CREATE TABLE consumer_offsets (
                consumer text NOT NULL,
                partition text NOT NULL,
                next_offset bigint NOT NULL,
                PRIMARY KEY (consumer, partition)
            );
            """),
        (2, """
            -- Job times are DateTime ticks like trade times, so a stored time reads back equal and lease expiry compares exactly.
            CREATE TABLE job_runs (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                job text NOT NULL,
                trigger text NOT NULL,
                parameters text NOT NULL,
                status text NOT NULL,
                queued_at bigint NOT NULL,
                started_at bigint,
                finished_at bigint,
                windows_examined integer NOT NULL DEFAULT 0,
                windows_changed integer NOT NULL DEFAULT 0,
                trades_read bigint NOT NULL DEFAULT 0,
                summary text,
                error text
            );
            CREATE INDEX job_runs_by_job ON job_runs (job, id);
            CREATE INDEX job_runs_by_status ON job_runs (status, id);
            CREATE TABLE job_leases (
                job text PRIMARY KEY,
                holder text NOT NULL,
                expires_at bigint NOT NULL
            );
            """),
        (3, """
            -- Jobs moved to Hangfire (its own schema in the same database): their run record and leases go.
            DROP TABLE job_leases;
            DROP TABLE job_runs;
            """),
    ];

    /// <summary>The newest version; a store is current when <c>schema_migrations</c> holds it.</summary>
    public static int Latest => All[^1].Version;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await Execute(connection, $"SELECT pg_advisory_xact_lock(hashtext('marketanalytics.migrations.{schema}'))", ct);
        await Execute(connection, $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            SET LOCAL search_path TO {schema};
            """, ct);
        var applied = new HashSet<int>();
        await using (var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt32(0));
        }
        foreach (var (version, sql) in All)
        {
            if (applied.Contains(version)) continue;
            await Execute(connection, sql, ct);
            await Execute(connection, $"INSERT INTO schema_migrations (version) VALUES ({version})", ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
