using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Fills the in-memory price cache from the tail of the embedded log at start, so current prices survive a restart
/// of the all-in-one process (Redis keeps them by itself); registered by the ingest area only with the embedded log, whose tail it
/// reads directly.</summary>
/// <remarks>It takes the same records as <see cref="MarketRecorder"/> would: a record whose exchange time is too far ahead of
/// the clock stays in the log but is not restored as the current price.</remarks>
internal sealed class CurrentPriceWarmup(EmbeddedLog log, IPriceCache prices, TimeProvider clock, ILogger<CurrentPriceWarmup> logger) : IHostedService
{
    /// <summary>How many of each partition's newest records are read: enough to see both taker sides of a liquid instrument.</summary>
    private const int TailRecords = 10_000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var instruments = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var partition in log.TradePartitions)
        {
            var trades = log.ReadTrades(partition.Name, Math.Max(partition.StartOffset, partition.EndOffset - TailRecords), TailRecords);
            await prices.UpdateAsync(MarketRecorder.NewestTrades(trades, now), [], cancellationToken);
            instruments++;
        }
        foreach (var partition in log.QuotePartitions)
        {
            var quotes = log.ReadQuotes(partition.Name, Math.Max(partition.StartOffset, partition.EndOffset - TailRecords), TailRecords);
            await prices.UpdateAsync([], MarketRecorder.NewestQuotes(quotes, now), cancellationToken);
        }
        if (instruments > 0) logger.LogInformation("Current prices of {Instruments} instruments restored from the log", instruments);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
