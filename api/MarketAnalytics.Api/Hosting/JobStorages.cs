using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using MarketAnalytics.Storage.Postgres;
using Npgsql;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Hangfire's job storage for each store: a SQLite file in the data directory (embedded) or a schema of its own in
/// the store's PostgreSQL database (distributed).</summary>
/// <remarks>Both storages poll their queue; <c>Jobs:PollInterval</c> replaces their 15 s
/// default so an enqueued rerun starts within about a second.</remarks>
internal static class JobStorages
{
    public static JobStorage Sqlite(DataOptions data, TimeSpan pollInterval)
    {
        Directory.CreateDirectory(data.DataDirectory);
        return new SQLiteStorage(data.JobsPath, new SQLiteStorageOptions { QueuePollInterval = pollInterval });
    }

    /// <summary>The schema is <c>hangfire</c> beside the default <c>public</c> store schema, otherwise <c>{schema}_hangfire</c>.</summary>
    public static JobStorage Postgres(PostgresStoreOptions store, TimeSpan pollInterval) =>
        new PostgreSqlStorage(new PostgresConnections(store.ConnectionString), new PostgreSqlStorageOptions
        {
            SchemaName = SchemaFor(store),
            QueuePollInterval = pollInterval,
            PrepareSchemaIfNecessary = true,
        });

    /// <summary>A new connection for each of Hangfire's operations (Npgsql pools them), kept out of ambient transactions as
    /// Hangfire.PostgreSql's own factories do.</summary>
    private sealed class PostgresConnections(string connectionString) : IConnectionFactory
    {
        private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Enlist = false }.ConnectionString;

        public NpgsqlConnection GetOrCreateConnection() => new(_connectionString);
    }

    public static string SchemaFor(PostgresStoreOptions store) => store.Schema == "public" ? "hangfire" : $"{store.Schema}_hangfire";
}
