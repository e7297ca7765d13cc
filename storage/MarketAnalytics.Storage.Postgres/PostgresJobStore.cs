using System.Text.Json;
using MarketAnalytics.Core.Ports;
using Npgsql;
using NpgsqlTypes;
using Polly;

namespace MarketAnalytics.Storage.Postgres;

/// <summary>The job store in the aggregates' PostgreSQL schema: job runs, the queue of runs asked for, and per-job leases, shared
/// by every process (the api role's dashboard and each aggregate role's scheduler).</summary>
/// <remarks>
/// Open it with <see cref="OpenAsync"/> on the same <see cref="PostgresStoreOptions"/> as <see cref="PostgresAggregateStore"/>;
/// the tables come from migration 2. Every change is one statement: a queued run is started by a conditional <c>UPDATE</c>, so
/// exactly one scheduler starts it, and a lease is taken by one upsert that writes only when the lease is free, expired or
/// already the caller's. Times are stored as UTC <see cref="DateTime"/> ticks. Reads and idempotent writes are retried on
/// transient failures; recording a new run and starting a queued one are not, because a retry after a lost reply would record
/// the run twice or report a run this caller started as taken by another.
/// </remarks>
public sealed class PostgresJobStore : IJobStore
{
    private const string Columns =
        "id, job, trigger, parameters, status, queued_at, started_at, finished_at, windows_examined, windows_changed, trades_read, summary, error";

    private readonly PostgresDatabase _database;

    private PostgresJobStore(PostgresDatabase database) => _database = database;

    /// <summary>Connects and migrates; throws <see cref="InvalidOperationException"/> with one line naming the server when it
    /// cannot be reached.</summary>
    public static async Task<PostgresJobStore> OpenAsync(PostgresStoreOptions options, CancellationToken ct) =>
        new(await PostgresDatabase.OpenAsync(options, ct));

    public Task<long> StartAsync(string job, JobTrigger trigger, string parameters, DateTime startedAt, CancellationToken ct) =>
        InsertAsync(job, trigger, parameters, JobRunStatus.Running, startedAt, startedAt, ct);

    public Task<long> QueueAsync(string job, JobTrigger trigger, string parameters, DateTime queuedAt, CancellationToken ct) =>
        InsertAsync(job, trigger, parameters, JobRunStatus.Queued, queuedAt, null, ct);

    public Task<IReadOnlyList<JobRun>> GetQueuedAsync(CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM job_runs WHERE status = $1 ORDER BY id", [Name(JobRunStatus.Queued)], ct);

    public async Task<bool> TryStartQueuedAsync(long id, DateTime startedAt, CancellationToken ct) =>
        await ExecuteAsync(
            "UPDATE job_runs SET status = $1, started_at = $2 WHERE id = $3 AND status = $4",
            [Name(JobRunStatus.Running), startedAt.Ticks, id, Name(JobRunStatus.Queued)], retry: false, ct) == 1;

    public Task FinishAsync(long id, JobOutcome outcome, CancellationToken ct) =>
        ExecuteAsync("""
            UPDATE job_runs SET status = $1, finished_at = $2, windows_examined = $3, windows_changed = $4, trades_read = $5,
                summary = $6, error = $7
            WHERE id = $8
            """,
            [Name(outcome.Status), outcome.FinishedAt.Ticks, outcome.WindowsExamined, outcome.WindowsChanged, outcome.TradesRead,
                Text(outcome.Summary), Text(outcome.Error), id],
            retry: true, ct);

    public Task<int> FailRunningAsync(string job, string error, DateTime at, CancellationToken ct) =>
        ExecuteAsync(
            "UPDATE job_runs SET status = $1, finished_at = $2, error = $3 WHERE job = $4 AND status = $5",
            [Name(JobRunStatus.Failed), at.Ticks, error, job, Name(JobRunStatus.Running)], retry: true, ct);

    public async Task<JobRun?> GetRunAsync(long id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {Columns} FROM job_runs WHERE id = $1", [id], ct)).SingleOrDefault();

    public Task<IReadOnlyList<JobRun>> GetRunsAsync(string job, int limit, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM job_runs WHERE job = $1 ORDER BY id DESC LIMIT $2", [job, limit], ct);

    public Task<IReadOnlyList<JobRun>> GetRecentRunsAsync(int limit, CancellationToken ct) =>
        QueryAsync($"SELECT {Columns} FROM job_runs ORDER BY id DESC LIMIT $1", [limit], ct);

    public async Task<bool> TryAcquireLeaseAsync(string job, string holder, DateTime now, TimeSpan duration, CancellationToken ct) =>
        // One upsert decides: it writes only when the lease is free, expired or already ours, so two racing holders cannot both
        // win (the second waits on the first's row, then sees it taken and writes nothing).
        await ExecuteAsync("""
            INSERT INTO job_leases (job, holder, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4
            """,
            [job, holder, (now + duration).Ticks, now.Ticks], retry: true, ct) == 1;

    public async Task<bool> RenewLeaseAsync(string job, string holder, DateTime now, TimeSpan duration, CancellationToken ct) =>
        await ExecuteAsync(
            "UPDATE job_leases SET expires_at = $1 WHERE job = $2 AND holder = $3",
            [(now + duration).Ticks, job, holder], retry: true, ct) == 1;

    public Task ReleaseLeaseAsync(string job, string holder, CancellationToken ct) =>
        ExecuteAsync("DELETE FROM job_leases WHERE job = $1 AND holder = $2", [job, holder], retry: true, ct);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task<long> InsertAsync(string job, JobTrigger trigger, string parameters, JobRunStatus status, DateTime queuedAt,
        DateTime? startedAt, CancellationToken ct)
    {
        await using var command = Command("""
            INSERT INTO job_runs (job, trigger, parameters, status, queued_at, started_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING id
            """,
            [job, Name(trigger), parameters, Name(status), queuedAt.Ticks, Ticks(startedAt)]);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<int> ExecuteAsync(string sql, object[] values, bool retry, CancellationToken ct)
    {
        var pipeline = retry ? _database.Retry : ResiliencePipeline.Empty;
        return await pipeline.ExecuteAsync(async token =>
        {
            await using var command = Command(sql, values);
            return await command.ExecuteNonQueryAsync(token);
        }, ct);
    }

    private Task<IReadOnlyList<JobRun>> QueryAsync(string sql, object[] values, CancellationToken ct) =>
        _database.Retry.ExecuteAsync(async token =>
        {
            await using var command = Command(sql, values);
            await using var reader = await command.ExecuteReaderAsync(token);
            var runs = new List<JobRun>();
            while (await reader.ReadAsync(token))
            {
                runs.Add(new JobRun(
                    reader.GetInt64(0), reader.GetString(1), Parse<JobTrigger>(reader.GetString(2)), reader.GetString(3),
                    Parse<JobRunStatus>(reader.GetString(4)), Utc(reader.GetInt64(5)),
                    reader.IsDBNull(6) ? null : Utc(reader.GetInt64(6)), reader.IsDBNull(7) ? null : Utc(reader.GetInt64(7)),
                    reader.GetInt32(8), reader.GetInt32(9), reader.GetInt64(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12)));
            }
            return (IReadOnlyList<JobRun>)runs;
        }, ct).AsTask();

    /// <summary>A command with positional parameters <c>$1…</c>; a value that already is an <see cref="NpgsqlParameter"/> is
    /// taken as it is (nulls need their type stated).</summary>
    private NpgsqlCommand Command(string sql, object[] values)
    {
        var command = _database.DataSource.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Ticks(DateTime? value) =>
        new() { Value = value is { } time ? time.Ticks : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    /// <summary>Enum values are stored as the snake_case names the API shows (<c>rerun_request</c>), as in the SQLite store, so
    /// the table reads plainly.</summary>
    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static T Parse<T>(string text) where T : struct, Enum => Enum.Parse<T>(text.Replace("_", ""), ignoreCase: true);

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);
}
