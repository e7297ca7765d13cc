using System.Net.Http.Json;
using System.Text.Json;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>Two <c>aggregate</c> processes in one consumer group share a 4-partition topic; their results equal one
/// instance's, and when one is killed mid-stream the other takes its partitions over from the stored offsets.</summary>
public sealed class ScaleOutTests
{
    private static readonly HttpClient Http = new();

    [BackendsFact]
    public async Task Two_aggregate_processes_share_four_partitions_and_a_killed_one_hands_its_partitions_over_with_nothing_lost_or_doubled()
    {
        await using var backends = new DistributedBackends(partitions: 4);
        var shared = backends.NewSchema();
        var group = DistributedBackends.NewGroup();
        var environment = backends.Environment(shared, group, maxBatchTrades: 200);
        var trades = TradeStream.Generate(40_000, seed: 29);
        var (first, second, third) = (trades[..20_000], trades[20_000..30_000], trades[30_000..]);
        await using var log = await backends.OpenLogAsync();
        await using var store = await shared.OpenStoreAsync();

        using var dataA = new ScratchDirectory();
        using var dataB = new ScratchDirectory();
        using var a = ApiProcess.Start(environment, "aggregate", "--urls", "http://127.0.0.1:0", "--data-dir", dataA.Path);
        using var b = ApiProcess.Start(environment, "aggregate", "--urls", "http://127.0.0.1:0", "--data-dir", dataB.Path);
        var (urlA, urlB) = (await a.ListeningAsync(), await b.ListeningAsync());

        await log.AppendTradesAsync(first, CancellationToken.None);
        await Eventually.TrueAsync(() => backends.CaughtUpAsync(store, group), "both instances have aggregated the first part");
        var (byA, byB) = (await AggregatedAsync(urlA), await AggregatedAsync(urlB));
        Assert.True(byA > 0 && byB > 0, $"the instances did not share the work: A aggregated {byA} trades, B {byB}");

        // A dies while its partitions have work in flight; the stream goes on, and B must take A's partitions from the offsets
        // stored with the aggregates.
        await log.AppendTradesAsync(second, CancellationToken.None);
        await Eventually.TrueAsync(async () => await AggregatedAsync(urlA) > byA, "A aggregates part of the second part");
        a.Kill();
        await log.AppendTradesAsync(third, CancellationToken.None);
        await Eventually.TrueAsync(() => backends.CaughtUpAsync(store, group), "B has taken over A's partitions and caught up");
        var byTwo = await DistributedBackends.CandlesAsync(store);
        Assert.Equal(TradeStream.ExpectedCandles(trades), byTwo);

        var alone = backends.NewSchema();
        var aloneGroup = DistributedBackends.NewGroup();
        await using var aloneStore = await alone.OpenStoreAsync();
        using var dataC = new ScratchDirectory();
        using var c = ApiProcess.Start(backends.Environment(alone, aloneGroup, maxBatchTrades: 200),
            "aggregate", "--urls", "http://127.0.0.1:0", "--data-dir", dataC.Path);
        await Eventually.TrueAsync(() => backends.CaughtUpAsync(aloneStore, aloneGroup), "a single instance has aggregated everything");
        Assert.Equal(await DistributedBackends.CandlesAsync(aloneStore), byTwo);
    }

    /// <summary>How many trades the instance at <paramref name="url"/> has committed, from its <c>/health</c> (the aggregation
    /// component's facts).</summary>
    private static async Task<long> AggregatedAsync(Uri url)
    {
        var health = await Http.GetFromJsonAsync<JsonElement>(new Uri(url, "/health"));
        return health.GetProperty("components").GetProperty("aggregation").GetProperty("data").GetProperty("aggregated_trades").GetInt64();
    }
}
