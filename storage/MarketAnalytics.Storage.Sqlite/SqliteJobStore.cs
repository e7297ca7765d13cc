using System.Text.Json;
using MarketAnalytics.Core.Ports;
using Microsoft.Data.Sqlite;

namespace MarketAnalytics.Storage.Sqlite;

/// <summary>The job store in the aggregates' SQLite file (WAL mode): job runs, the queue of runs asked for, and per-job leases.</summary>
/// <remarks>Several processes may open the same file; every change is one statement or one immediate transaction, so a queued
/// run is started by exactly one scheduler and a lease has exactly one holder.</remarks>
public sealed class SqliteJobStore : IJobStore
{
    private const string Columns =
        "id, job, trigger, parameters, status, queued_at, started_at, finished_at, windows_examined, windows_changed, trades_read, summary, error";

    private readonly SqliteDatabase _database;

    private SqliteJobStore(SqliteDatabase database) => _database = database;

    /// <summary>Opens (creating if needed) the store in the file <paramref name="path"/>, the same file as the aggregate store's.</summary>
    public static SqliteJobStore Open(string path) => new(SqliteDatabase.Open(path));

    public Task<long> StartAsync(string job, JobTrigger trigger, string parameters, DateTime startedAt, CancellationToken ct) =>
        Task.FromResult(Insert(job, trigger, parameters, JobRunStatus.Running, startedAt, startedAt));

    public Task<long> QueueAsync(string job, JobTrigger trigger, string parameters, DateTime queuedAt, CancellationToken ct) =>
        Task.FromResult(Insert(job, trigger, parameters, JobRunStatus.Queued, queuedAt, null));

    public Task<IReadOnlyList<JobRun>> GetQueuedAsync(CancellationToken ct) =>
        Task.FromResult(Query($"SELECT {Columns} FROM job_runs WHERE status = $status ORDER BY id", ("$status", Name(JobRunStatus.Queued))));

    public Task<bool> TryStartQueuedAsync(long id, DateTime startedAt, CancellationToken ct) =>
        Task.FromResult(Execute(
            "UPDATE job_runs SET status = $running, started_at = $at WHERE id = $id AND status = $queued",
            ("$running", Name(JobRunStatus.Running)), ("$at", startedAt.Ticks), ("$id", id), ("$queued", Name(JobRunStatus.Queued))) == 1);

    public Task FinishAsync(long id, JobOutcome outcome, CancellationToken ct)
    {
        Execute("""
            UPDATE job_runs SET status = $status, finished_at = $at, windows_examined = $examined, windows_changed = $changed,
                trades_read = $trades, summary = $summary, error = $error
            WHERE id = $id
            """,
            ("$status", Name(outcome.Status)), ("$at", outcome.FinishedAt.Ticks), ("$examined", outcome.WindowsExamined),
            ("$changed", outcome.WindowsChanged), ("$trades", outcome.TradesRead), ("$summary", outcome.Summary), ("$error", outcome.Error),
            ("$id", id));
        return Task.CompletedTask;
    }

    public Task<int> FailRunningAsync(string job, string error, DateTime at, CancellationToken ct) =>
        Task.FromResult(Execute(
            "UPDATE job_runs SET status = $failed, finished_at = $at, error = $error WHERE job = $job AND status = $running",
            ("$failed", Name(JobRunStatus.Failed)), ("$at", at.Ticks), ("$error", error), ("$job", job), ("$running", Name(JobRunStatus.Running))));

    public Task<JobRun?> GetRunAsync(long id, CancellationToken ct) =>
        Task.FromResult(Query($"SELECT {Columns} FROM job_runs WHERE id = $id", ("$id", id)).SingleOrDefault());

    public Task<IReadOnlyList<JobRun>> GetRunsAsync(string job, int limit, CancellationToken ct) =>
        Task.FromResult(Query($"SELECT {Columns} FROM job_runs WHERE job = $job ORDER BY id DESC LIMIT $limit", ("$job", job), ("$limit", limit)));

    public Task<IReadOnlyList<JobRun>> GetRecentRunsAsync(int limit, CancellationToken ct) =>
        Task.FromResult(Query($"SELECT {Columns} FROM job_runs ORDER BY id DESC LIMIT $limit", ("$limit", limit)));

    public Task<bool> TryAcquireLeaseAsync(string job, string holder, DateTime now, TimeSpan duration, CancellationToken ct) =>
        // One upsert decides: it writes only when the lease is free, expired or already ours, so two racing holders cannot both win.
        Task.FromResult(Execute("""
            INSERT INTO job_leases (job, holder, expires_at) VALUES ($job, $holder, $expires)
            ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $now
            """,
            ("$job", job), ("$holder", holder), ("$expires", (now + duration).Ticks), ("$now", now.Ticks)) == 1);

    public Task<bool> RenewLeaseAsync(string job, string holder, DateTime now, TimeSpan duration, CancellationToken ct) =>
        Task.FromResult(Execute(
            "UPDATE job_leases SET expires_at = $expires WHERE job = $job AND holder = $holder",
            ("$expires", (now + duration).Ticks), ("$job", job), ("$holder", holder)) == 1);

    public Task ReleaseLeaseAsync(string job, string holder, CancellationToken ct)
    {
        Execute("DELETE FROM job_leases WHERE job = $job AND holder = $holder", ("$job", job), ("$holder", holder));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private long Insert(string job, JobTrigger trigger, string parameters, JobRunStatus status, DateTime queuedAt, DateTime? startedAt)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO job_runs (job, trigger, parameters, status, queued_at, started_at)
            VALUES ($job, $trigger, $parameters, $status, $queued, $started);
            SELECT last_insert_rowid();
            """;
        Bind(command, [("$job", job), ("$trigger", Name(trigger)), ("$parameters", parameters), ("$status", Name(status)),
            ("$queued", queuedAt.Ticks), ("$started", startedAt?.Ticks)]);
        return (long)command.ExecuteScalar()!;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return command.ExecuteNonQuery();
    }

    private IReadOnlyList<JobRun> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        var runs = new List<JobRun>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            runs.Add(new JobRun(
                reader.GetInt64(0), reader.GetString(1), Parse<JobTrigger>(reader.GetString(2)), reader.GetString(3),
                Parse<JobRunStatus>(reader.GetString(4)), Utc(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : Utc(reader.GetInt64(6)), reader.IsDBNull(7) ? null : Utc(reader.GetInt64(7)),
                reader.GetInt32(8), reader.GetInt32(9), reader.GetInt64(10),
                reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetString(12)));
        }
        return runs;
    }

    private static void Bind(SqliteCommand command, IEnumerable<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }

    private SqliteConnection Connect() => _database.Connect();

    /// <summary>Enum values are stored as the snake_case names the API shows (<c>rerun_request</c>), so the table reads plainly.</summary>
    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static T Parse<T>(string text) where T : struct, Enum => Enum.Parse<T>(text.Replace("_", ""), ignoreCase: true);

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);
}
