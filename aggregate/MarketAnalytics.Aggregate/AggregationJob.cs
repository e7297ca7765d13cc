using System.Collections.Concurrent;
using System.Diagnostics;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate;

/// <summary>The streaming aggregation job: reads trades from the log and commits minute and hour aggregates together with the
/// offsets it consumed, so a crash at any point and a restart give the same aggregates as an uninterrupted run.</summary>
/// <remarks>Late trades are merged into their window whenever they arrive. When a commit is refused because another member of the
/// group committed those offsets first (a rebalance), the batch is dropped and the consumer reopened at the stored offsets.
/// The stored offsets are read (asynchronously) each time the consumer is opened and kept current with this job's own commits; the
/// consumer's assignment callback answers from them without a round trip to the store. An answer another member has since
/// overtaken is caught by the store's compare-and-set on the next commit, which reopens the consumer at freshly read offsets.</remarks>
public sealed class AggregationJob(IMarketLog log, IAggregateStore store, IOptions<AggregationOptions> options, ILogger<AggregationJob> logger)
{
    private readonly AggregationOptions _options = options.Value;
    private readonly TradeAggregator _aggregator = new();
    private readonly ConcurrentDictionary<string, long> _resumeAt = new(StringComparer.Ordinal);
    private long _committedTrades;
    private IReadOnlyList<PartitionPosition> _positions = [];

    /// <summary>Raised after each commit with the ranges it covered (the API's latency measurement and tests listen).</summary>
    /// <remarks>The batch's trades are valid only during the call (see <see cref="ITradeConsumer.ReadAsync"/>).</remarks>
    public event Action<TradeBatch>? Committed;

    /// <summary>Market trades this job has committed since it started.</summary>
    public long CommittedTrades => Interlocked.Read(ref _committedTrades);

    /// <summary>Where the job's consumer stands in each partition, as of its last read or commit (empty before the first).</summary>
    public IReadOnlyList<PartitionPosition> Positions => Volatile.Read(ref _positions);

    /// <summary>Runs until cancelled.</summary>
    public Task RunAsync(CancellationToken ct) => LoopAsync(untilIdle: false, ct);

    /// <summary>Aggregates everything the log holds now, then returns (the <c>import</c> command's last step).</summary>
    public Task DrainAsync(CancellationToken ct) => LoopAsync(untilIdle: true, ct);

    private async Task LoopAsync(bool untilIdle, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await LoadStoredOffsetsAsync(ct).ConfigureAwait(false);
            var consumer = log.OpenTradeConsumer(_options.Group, ResumeFromStoredOffsets);
            await using (consumer.ConfigureAwait(false))
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var wait = untilIdle ? TimeSpan.Zero : _options.PollInterval;
                    var batch = await consumer.ReadAsync(_options.MaxBatchTrades, wait, ct).ConfigureAwait(false);
                    if (batch.IsEmpty) ObservePositions(consumer);
                    if (batch.IsEmpty)
                    {
                        if (untilIdle) return;
                        continue;
                    }
                    if (!await CommitAsync(batch, ct).ConfigureAwait(false)) break;
                    ObservePositions(consumer);
                }
            }
            logger.LogWarning("Offsets of group {Group} moved under this instance (rebalance); reopening the consumer at the stored offsets", _options.Group);
        }
    }

    private async Task<bool> CommitAsync(TradeBatch batch, CancellationToken ct)
    {
        _aggregator.AddRange(batch.Trades);
        var trades = _aggregator.TradeCount;
        var deltas = _aggregator.TakeDeltas();
        // The commit must not be abandoned half-way by cancellation: it is one transaction either way, so let it finish.
        var started = Stopwatch.GetTimestamp();
        if (!await store.CommitAsync(_options.Group, deltas, batch.Ranges, CancellationToken.None).ConfigureAwait(false))
        {
            AggregationMetrics.CommitsRefused.Add(1);
            return false;
        }
        AggregationMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        AggregationMetrics.CommitTrades.Record(trades);
        foreach (var range in batch.Ranges) _resumeAt[range.Partition] = range.To;
        Interlocked.Add(ref _committedTrades, trades);
        Committed?.Invoke(batch);
        return true;
    }

    private void ObservePositions(ITradeConsumer consumer)
    {
        var positions = consumer.Positions();
        Volatile.Write(ref _positions, positions);
        foreach (var position in positions) AggregationMetrics.RecordLag(_options.Group, position);
    }

    private async Task LoadStoredOffsetsAsync(CancellationToken ct)
    {
        var stored = await store.GetOffsetsAsync(_options.Group, ct).ConfigureAwait(false);
        _resumeAt.Clear();
        foreach (var (partition, offset) in stored) _resumeAt[partition] = offset;
    }

    // Called by the consumer when it is assigned partitions (inside Kafka's consume call): it must answer at once.
    private IReadOnlyDictionary<string, long> ResumeFromStoredOffsets(IReadOnlyCollection<string> partitions) =>
        partitions.Where(_resumeAt.ContainsKey).ToDictionary(p => p, p => _resumeAt[p]);
}
