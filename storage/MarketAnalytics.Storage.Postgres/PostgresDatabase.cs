using System.Net.Sockets;
using Npgsql;
using Polly;
using Polly.Retry;

namespace MarketAnalytics.Storage.Postgres;

/// <summary>The migrated schema a store works in: the data source (search path set to the schema) and the retry pipeline
/// for transient failures, opened the same way for every store on <see cref="PostgresStoreOptions"/>.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(NpgsqlDataSource dataSource, ResiliencePipeline retry)
    {
        DataSource = dataSource;
        Retry = retry;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Retries transient failures (connection lost, deadlock, server shutting down) with exponential backoff from
    /// 200 ms, <see cref="PostgresStoreOptions.MaxRetries"/> times; no retries when that is 0.</summary>
    public ResiliencePipeline Retry { get; }

    /// <summary>Validates the options, connects and applies <see cref="PostgresMigrations"/>; throws
    /// <see cref="InvalidOperationException"/> with one line naming the server when it cannot be reached.</summary>
    public static async Task<PostgresDatabase> OpenAsync(PostgresStoreOptions options, CancellationToken ct)
    {
        options.Validate();
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = options.Schema };
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            await PostgresMigrations.ApplyAsync(dataSource, options.Schema, ct);
        }
        catch (Exception e) when (e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            var reason = (e.InnerException ?? e).Message;
            throw new InvalidOperationException($"PostgreSQL at {builder.Host}:{builder.Port} is unreachable: {reason}", e);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
        if (options.MaxRetries == 0) return new PostgresDatabase(dataSource, ResiliencePipeline.Empty);
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient).Handle<SocketException>(),
            MaxRetryAttempts = options.MaxRetries,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(10),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        }).Build();
        return new PostgresDatabase(dataSource, retry);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
