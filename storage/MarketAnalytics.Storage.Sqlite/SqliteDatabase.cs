using Microsoft.Data.Sqlite;

namespace MarketAnalytics.Storage.Sqlite;

/// <summary>The SQLite file the aggregate and job stores share: opened once with its schema up to date, then one pooled
/// connection per operation (WAL mode, so readers run beside the single writer).</summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;

    private SqliteDatabase(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (creating if needed) the file <paramref name="path"/> and brings its schema up to date.</summary>
    public static SqliteDatabase Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var database = new SqliteDatabase(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString());
        using var connection = database.Connect();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL";
            wal.ExecuteNonQuery();
        }
        SqliteSchema.Apply(connection);
        return database;
    }

    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Atomicity is what exactly-once needs; WAL with NORMAL keeps it across a process kill (a power cut may drop the
        // newest commits, aggregates and offsets together, and the job then recounts them from the log).
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
