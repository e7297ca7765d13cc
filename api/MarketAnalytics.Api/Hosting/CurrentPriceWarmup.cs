using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Fills the in-memory price cache from the tail of the embedded log at start, so current prices survive a restart
/// of the all-in-one process (Redis keeps them by itself).</summary>
internal sealed class CurrentPriceWarmup(IMarketLog log, IPriceCache prices, ILogger<CurrentPriceWarmup> logger) : IHostedService
{
    /// <summary>How many of each partition's newest records are read: enough to see both taker sides of a liquid instrument.</summary>
    private const int TailRecords = 10_000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (log is not EmbeddedLog embedded) return;
        var instruments = 0;
        foreach (var partition in embedded.TradePartitions)
        {
            var trades = embedded.ReadTrades(partition.Name, Math.Max(partition.StartOffset, partition.EndOffset - TailRecords), TailRecords);
            await prices.UpdateAsync(trades, [], cancellationToken);
            instruments++;
        }
        foreach (var partition in embedded.QuotePartitions)
        {
            var quotes = embedded.ReadQuotes(partition.Name, Math.Max(partition.StartOffset, partition.EndOffset - TailRecords), TailRecords);
            await prices.UpdateAsync([], quotes, cancellationToken);
        }
        if (instruments > 0) logger.LogInformation("Current prices of {Instruments} instruments restored from the log", instruments);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
