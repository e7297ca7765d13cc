using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using MarketAnalytics.Storage.Postgres;
using Npgsql;
using SQLite;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Hangfire's job storage for each store: a SQLite file in the data directory (embedded) or a schema of its own in
/// the store's PostgreSQL database (distributed).</summary>
/// <remarks>Both storages poll their queue; <c>Jobs:PollInterval</c> replaces their 15 s
/// default so an enqueued rerun starts within about a second.</remarks>
internal static class JobStorages
{
    /// <remarks>Hangfire.Storage.SQLite opens its connections with <c>NoMutex</c>, yet a distributed lock's heartbeat timer
    /// writes through the connection of the lock's owner while the owner may be using it (raisedapp/Hangfire.Storage.SQLite#79:
    /// access violations, a corrupted or hung connection). Its connections are opened here with <c>FullMutex</c> instead, so
    /// SQLite serializes the two.</remarks>
    public static SQLiteStorage Sqlite(DataOptions data, SQLiteStorageOptions options)
    {
        Directory.CreateDirectory(data.DataDirectory);
        var path = data.JobsPath;
        var connections = new SQLiteDbConnectionFactory(() => new SQLiteConnection(
            path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.FullMutex, storeDateTimeAsTicks: true)
        {
            BusyTimeout = TimeSpan.FromSeconds(10),
        });
        return new SQLiteStorage(connections, options);
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
