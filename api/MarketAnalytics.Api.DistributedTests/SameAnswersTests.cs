using System.Net;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Testing;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>The same recorded files imported into the embedded defaults and into Kafka + PostgreSQL + Redis gives the same
/// answers, byte for byte, from every read endpoint.</summary>
public sealed class SameAnswersTests
{
    private const string Symbol = "binanceusdm:BTCUSDT";
    private static readonly HttpClient Http = new();

    /// <summary>Two recordings across midnight of 2024-07-19, so the answers span minutes, hours and days.</summary>
    private static string[] Files() =>
        [SharedData.Path("binance-usdm-btcusdt/2024-07-18T2357.frames.gz"), SharedData.Path("binance-usdm-btcusdt/2024-07-19T0000.frames.gz")];

    private static IEnumerable<string> Queries()
    {
        yield return "/api/v1/symbols";
        foreach (var interval in new[] { "1m", "5m", "15m", "1h", "4h", "1d" })
            yield return $"/api/v1/candles?symbol={Symbol}&interval={interval}&from=2024-07-18T00:00:00Z&to=2024-07-20T00:00:00Z&limit=5000";
        yield return $"/api/v1/candles?symbol={Symbol}&interval=1m&from=2024-07-18T23:00:00Z&to=2024-07-19T01:00:00Z&format=binance";
        foreach (var asOf in new[] { "2024-07-19T01:30:00Z", "2024-07-19T05:10:00Z" })
        {
            yield return $"/transactions/last_6_hours?as_of={asOf}";
            yield return $"/volume/last_6_hours?as_of={asOf}";
            yield return $"/aggregated_stats/last_12_hours?as_of={asOf}";
        }
        foreach (var asOf in new[] { "2024-07-19T00:03:30Z", "2024-07-19T00:06:00Z" })
        {
            yield return $"/trades/last_n_minutes?symbol=BTCUSDT&minutes=5&as_of={asOf}";
            yield return $"/top_cryptos_last_hour?as_of={asOf}";
        }
        yield return $"/current_price?symbol={Symbol}";
    }

    [BackendsFact(sharedData: true, redisServer: true)]
    public async Task A_recording_imported_into_kafka_postgres_and_redis_is_served_exactly_as_by_the_embedded_backends()
    {
        string[] import = ["import", "--format", "binance-ws", "--venue", "binanceusdm", .. Files()];

        // Embedded (named explicitly, so a developer's own Log__Kind and the like cannot leak in): the all-in-one process
        // restores current prices from its log at start, with no source of its own.
        var defaults = new Dictionary<string, string> { ["Log__Kind"] = "Embedded", ["Store__Kind"] = "Sqlite", ["Prices__Kind"] = "Memory" };
        using var embeddedData = new ScratchDirectory();
        await ApiProcess.RunAsync(defaults, [.. import, "--data-dir", embeddedData.Path]);
        using var embedded = ApiProcess.Start(defaults,
            "run", "--source", "none", "--data-dir", embeddedData.Path, "--urls", "http://127.0.0.1:0");

        // Distributed: import through Kafka into PostgreSQL and Redis, then the api role alone reads them.
        await using var backends = new DistributedBackends(partitions: 4);
        using var redis = new RedisServerProcess();
        redis.Start();
        var environment = backends.Environment(backends.NewSchema(), DistributedBackends.NewGroup());
        environment["Prices__Kind"] = "Redis";
        environment["Prices__Redis__Configuration"] = redis.Configuration;
        using var importData = new ScratchDirectory();
        await ApiProcess.RunAsync(environment, [.. import, "--data-dir", importData.Path]);
        using var apiData = new ScratchDirectory();
        using var api = ApiProcess.Start(environment, "api", "--data-dir", apiData.Path, "--urls", "http://127.0.0.1:0");

        var (embeddedUrl, apiUrl) = (await embedded.ListeningAsync(), await api.ListeningAsync());
        await Eventually.TrueAsync(async () => (await GetAsync(embeddedUrl, $"/current_price?symbol={Symbol}")).Status == HttpStatusCode.OK,
            "the embedded process has restored current prices");
        foreach (var query in Queries())
        {
            var expected = await GetAsync(embeddedUrl, query);
            Assert.True(expected.Status == HttpStatusCode.OK && expected.Body.Length > 20, $"{query}: {expected.Status} {expected.Body}");
            var actual = await GetAsync(apiUrl, query);
            Assert.Equal((query, expected.Status, expected.Body), (query, actual.Status, actual.Body));
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri server, string query)
    {
        using var response = await Http.GetAsync(new Uri(server, query));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
