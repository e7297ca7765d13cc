using MarketAnalytics.Core.Testing;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>The <c>aggregate</c> role on Kafka and PostgreSQL, killed with SIGKILL at random points of its work and restarted, counts
/// every distinct trade exactly once: its offsets move in the same PostgreSQL transaction as its aggregates.</summary>
public sealed class ExactlyOnceTests
{
    [BackendsFact]
    public async Task Aggregate_processes_killed_at_random_points_and_restarted_store_every_trade_exactly_once()
    {
        await using var backends = new DistributedBackends(partitions: 4);
        var schema = backends.NewSchema();
        var group = DistributedBackends.NewGroup();
        var environment = backends.Environment(schema, group, maxBatchTrades: 300);
        var trades = TradeStream.Generate(40_000, seed: 17);
        await using var log = await backends.OpenLogAsync();
        await using var store = await schema.OpenStoreAsync();
        var random = new Random(23);
        var midStreamKills = 0;

        const int rounds = 4;
        var chunk = trades.Count / rounds;
        for (var round = 0; round < rounds; round++)
        {
            // Each round brings new trades, so there is always work in flight when the kill comes.
            await log.AppendTradesAsync(trades.GetRange(round * chunk, chunk), CancellationToken.None);
            using var data = new ScratchDirectory();
            using var aggregate = ApiProcess.Start(environment, "aggregate", "--urls", "http://127.0.0.1:0", "--data-dir", data.Path);
            var before = await DistributedBackends.CommittedAsync(store, group);
            await Eventually.TrueAsync(async () => await DistributedBackends.CommittedAsync(store, group) > before || aggregate.HasExited,
                $"aggregate round {round} commits something");
            Assert.False(aggregate.HasExited, aggregate.Output);
            // Once it commits (watched at the usual pace while the process starts), the kill comes when a random part of this
            // round's trades, at most half, is committed (watched every millisecond), not after a random time, so it lands
            // mid-stream however fast the machine commits.
            var killAt = before + random.Next(1, chunk / 2);
            await Eventually.TrueAsync(async () => await DistributedBackends.CommittedAsync(store, group) >= killAt || aggregate.HasExited,
                $"aggregate round {round} commits {killAt - before} trades", every: TimeSpan.FromMilliseconds(1));
            Assert.False(aggregate.HasExited, aggregate.Output);
            aggregate.Kill();
            if (!await backends.CaughtUpAsync(store, group)) midStreamKills++;
        }

        using var lastData = new ScratchDirectory();
        using var last = ApiProcess.Start(environment, "aggregate", "--urls", "http://127.0.0.1:0", "--data-dir", lastData.Path);
        await Eventually.TrueAsync(async () => await backends.CaughtUpAsync(store, group) || last.HasExited, "the last aggregate catches up");
        Assert.False(last.HasExited, last.Output);
        last.Kill();

        Assert.True(midStreamKills >= 2, $"only {midStreamKills} of {rounds} kills landed before the work was done; the test proves little");
        Assert.Equal(TradeStream.ExpectedCandles(trades), await DistributedBackends.CandlesAsync(store));
    }
}
