using System.Globalization;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Tests.Observability;

/// <summary><c>/metrics</c> of the real host after it replayed a recorded BitMEX session.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly DateTime Start = new(2021, 7, 22, 22, 36, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Metrics_after_replaying_a_recording_count_received_recorded_and_duplicate_trades_per_venue_and_instrument()
    {
        // A symbol of its own, so the process-wide meters' series of other tests running beside this one do not mix in.
        var symbol = "M" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var instrument = InstrumentId.Of(Venues.Bitmex, symbol);
        Trade Number(int n) => new(instrument, $"00000000-0000-0000-0000-{n:D12}", Start.AddSeconds(n), 32000m + n, 0.0031m * n, 100m * n,
            n % 2 == 0 ? TakerSide.Buy : TakerSide.Sell, 100m * n);
        string Frame(string action, params int[] numbers) =>
            $$"""{"table":"trade","action":"{{action}}","data":[{{string.Join(',', numbers.Select(n => FakeBitmexConnection.TradeJson(Number(n))))}}]}""";
        var recording = Path.Combine(Path.GetTempPath(), $"ma-metrics-{Guid.NewGuid():N}.txt");
        // A session dropped after trade 8; the new connection's partial replays 4..8: 15 trades read, 10 unique, 5 duplicates.
        await File.WriteAllLinesAsync(recording,
        [
            "1626993367.865: " + Frame("partial", 1, 2, 3, 4, 5),
            "1626993368.000: " + Frame("insert", 6, 7, 8),
            "1626993369.000: " + Frame("partial", 4, 5, 6, 7, 8),
            "1626993370.000: " + Frame("insert", 9, 10),
            $$"""1626993370.500: {"table":"quote","action":"insert","data":[{"timestamp":"2021-07-22T22:36:10.500Z","symbol":"{{symbol}}","bidSize":10,"bidPrice":32009,"askPrice":32009.5,"askSize":20}]}""",
        ]);
        try
        {
            await using var host = await ApiHost.StartAsync(Role.Run, settings:
                [$"--Ingest:Source=replay:{recording}", "--Ingest:ReplayFormat=bitmex-ws", "--Aggregation:PollInterval=00:00:00.050"]);
            await Eventually.TrueAsync(async () =>
            {
                var health = await host.GetJsonAsync("/health");
                var aggregation = health.GetProperty("components").GetProperty("aggregation").GetProperty("data");
                return health.GetProperty("components").GetProperty("source:replay").GetProperty("description").GetString() == "replayed"
                    && aggregation.GetProperty("aggregated_trades").GetInt64() == 10 && aggregation.GetProperty("lag").GetInt64() == 0;
            }, "the recording replayed and aggregated");

            var metrics = await host.Client.GetStringAsync("/metrics");

            var series = $"instrument=\"{instrument}\"";
            Assert.Equal(15, Value(metrics, "marketanalytics_trades_received_total", series, "venue=\"bitmex\""));
            Assert.Equal(10, Value(metrics, "marketanalytics_trades_recorded_total", series, "venue=\"bitmex\""));
            Assert.Equal(5, Value(metrics, "marketanalytics_trades_duplicates_total", series, "venue=\"bitmex\""));
            Assert.Equal(1, Value(metrics, "marketanalytics_quotes_received_total", series, "venue=\"bitmex\""));
            Assert.Equal(0, Value(metrics, "marketanalytics_aggregation_consumer_lag", $"partition=\"{instrument}\""));
            Assert.Contains("marketanalytics_log_append_duration_seconds_bucket{", metrics);
            Assert.Contains("marketanalytics_aggregation_commit_duration_seconds_bucket{", metrics);
            Assert.Contains("http_server_request_duration_seconds_bucket{", metrics);
        }
        finally
        {
            File.Delete(recording);
        }
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>.</summary>
    private static double Value(string metrics, string name, params string[] labels)
    {
        var samples = metrics.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            .ToList();
        Assert.True(samples.Count == 1, $"expected one sample of {name} with {string.Join(", ", labels)}, found {samples.Count} in:\n{metrics}");
        return double.Parse(samples[0][(samples[0].LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
