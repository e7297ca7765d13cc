using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Storage.Postgres.Tests;

/// <summary>The aggregate store contract on the PostgreSQL server of <c>MA_TEST_POSTGRES</c> (a schema of each test's own), and
/// what only PostgreSQL has: migrations, query plans, connection errors and settings.</summary>
[RequiresPostgres]
public sealed class PostgresAggregateStoreTests : AggregateStoreContract, IAsyncLifetime
{
    private static readonly DateTime Noon = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly TestSchema _schema = new();
    private PostgresAggregateStore? _store;

    private static Trade TradeAt(InstrumentId instrument, string id, DateTime time, decimal price) =>
        new(instrument, id, time, price, 1m, price, TakerSide.Buy);

    protected override async Task<IAggregateStore> OpenStoreAsync() => await OpenPostgresStoreAsync();

    // Opened on first use: the tests of settings and unreachable servers run without a server.
    private async Task<PostgresAggregateStore> OpenPostgresStoreAsync() => _store ??= await _schema.OpenStoreAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task Opening_twice_applies_each_migration_once()
    {
        await using (await _schema.OpenStoreAsync()) { }
        await using (await _schema.OpenStoreAsync()) { }

        Assert.Equal([$"{PostgresMigrations.Latest}"], await _schema.QueryAsync("SELECT count(*) FROM schema_migrations"));
    }

    [PostgresFact]
    public async Task Every_query_behind_the_store_uses_an_index()
    {
        var store = await OpenPostgresStoreAsync();
        // Enough rows that a sequential scan would cost more than the index for a narrow range: 40 instruments x 1000 minutes.
        var instruments = Enumerable.Range(0, 40).Select(i => InstrumentId.Of(Venues.Binance, $"COIN{i}USDT")).ToArray();
        for (var block = 0; block < 4; block++)
        {
            var deltas = instruments.SelectMany(instrument => Enumerable.Range(block * 250, 250)
                .Select(m => Candle.Of(TradeAt(instrument, $"{m}", Noon.AddMinutes(m), 1m), CandleInterval.OneMinute))).ToList();
            await store.CommitAsync("job", deltas, [], default);
        }
        await _schema.QueryAsync("ANALYZE");

        string Plan(string sql, params string[] arguments)
        {
            var explained = "EXPLAIN " + string.Format(System.Globalization.CultureInfo.InvariantCulture,
                sql.Replace("$1", "{0}").Replace("$2", "{1}").Replace("$3", "{2}"), arguments.Cast<object>().ToArray());
            return string.Join("\n", _schema.QueryAsync(explained).GetAwaiter().GetResult());
        }
        var from = $"'{Noon.AddMinutes(500):O}'::timestamptz";
        var to = $"'{Noon.AddMinutes(510):O}'::timestamptz";

        Assert.Contains("Index", Plan(PostgresAggregateStore.CandlesSql(CandleInterval.OneMinute), "'binance:COIN7USDT'", from, to));
        Assert.Contains("Index", Plan(PostgresAggregateStore.AllCandlesSql(CandleInterval.OneMinute), from, to));
        var instrumentsPlan = Plan(PostgresAggregateStore.InstrumentsSql);
        Assert.Contains("Index Only Scan", instrumentsPlan);
        Assert.DoesNotContain("Seq Scan on minute_aggregates", instrumentsPlan);
        Assert.Equal(instruments.Order(), await store.GetInstrumentsAsync(default));
    }

    [Fact]
    public async Task An_unreachable_server_gives_one_line_naming_it()
    {
        var options = new PostgresStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresAggregateStore.OpenAsync(options, default));

        Assert.StartsWith("PostgreSQL at 127.0.0.1:1 is unreachable: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Wrong_settings_are_named_in_the_validation_message()
    {
        var options = new PostgresStoreOptions { ConnectionString = "Port=5432", Schema = "Bad-Schema" };

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(options.Validate);

        Assert.Contains("Store:Postgres:ConnectionString", error.Message);
        Assert.Contains("Store:Postgres:Schema", error.Message);
    }
}
