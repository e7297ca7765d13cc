using System.Diagnostics;
using Confluent.Kafka;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>One member of a consumer group on the trades topic, reading committed records and resuming where the caller's
/// store says.</summary>
/// <remarks>Offsets are never committed to Kafka: the caller stores them with its results. On assignment the consumer asks
/// <see cref="ResumeOffsets"/> for the partitions (named <c>topic-N</c>) and seeks there; a partition with no answer starts from
/// the beginning. A batch's range for a partition starts where the previous batch of this assignment ended (or at the resume
/// offset), so ranges of consecutive batches always join even across offsets that hold no trade. An empty batch means the
/// assigned partitions hold nothing unread: a read waits past <c>maxWait</c> while the group is being joined or records are known
/// to be waiting, so a zero wait drains the log.</remarks>
internal sealed class KafkaTradeConsumer : ITradeConsumer
{
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);
    // Longer than a group join with the default 45 s session timeout, so a read never gives up before its first assignment.
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(60);
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly string _topic;
    private readonly ResumeOffsets _resume;
    private readonly InstrumentKeys _keys = new();
    private readonly Dictionary<int, long> _next = [];
    private readonly SortedDictionary<int, PartitionBatch> _pending = [];
    private bool _assigned;

    public KafkaTradeConsumer(ConsumerConfig config, string topic, ResumeOffsets resume)
    {
        _topic = topic;
        _resume = resume;
        _consumer = new ConsumerBuilder<byte[], byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.Partition)))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions.Select(p => p.Partition)))
            .Build();
        _consumer.Subscribe(topic);
    }

    public ValueTask<TradeBatch> ReadAsync(int maxTrades, TimeSpan maxWait, CancellationToken ct) =>
        new(Task.Run(() => Read(maxTrades, maxWait, ct), ct));

    public async ValueTask DisposeAsync() =>
        await Task.Run(() =>
        {
            _consumer.Close();
            _consumer.Dispose();
        });

    private TradeBatch Read(int maxTrades, TimeSpan maxWait, CancellationToken ct)
    {
        _pending.Clear();
        var count = 0;
        var waited = Stopwatch.StartNew();
        var behind = false;
        while (count < maxTrades)
        {
            ct.ThrowIfCancellationRequested();
            var remaining = maxWait - waited.Elapsed;
            var wait = count > 0 ? TimeSpan.Zero
                : behind ? PollSlice
                : remaining > TimeSpan.Zero ? Min(PollSlice, remaining) : TimeSpan.Zero;
            // Consume runs the rebalance handlers, which may drop pending records of partitions this member just lost.
            var record = _consumer.Consume(wait);
            if (record is null)
            {
                if (count > 0) break;
                if (waited.Elapsed < maxWait) continue;
                behind = !IsCaughtUp(waited.Elapsed);
                if (!behind) break;
                continue;
            }
            var partition = record.Partition.Value;
            if (!_pending.TryGetValue(partition, out var batch)) _pending.Add(partition, batch = new PartitionBatch(record.Offset.Value));
            batch.Trades.Add(LogRecordCodec.DecodeTrade(_keys.Decode(record.Message.Key), record.Message.Value));
            batch.Last = record.Offset.Value;
            count++;
        }
        if (_pending.Count == 0) return TradeBatch.Empty;
        var trades = new List<Trade>(count);
        var ranges = new List<LogRange>(_pending.Count);
        foreach (var (partition, batch) in _pending)
        {
            trades.AddRange(batch.Trades);
            var from = _next.TryGetValue(partition, out var next) ? next : batch.First;
            ranges.Add(new LogRange(NameOf(partition), from, batch.Last + 1));
            _next[partition] = batch.Last + 1;
        }
        _pending.Clear();
        return new TradeBatch(trades, ranges);
    }

    /// <summary>True when nothing is left to read in the assigned partitions, so an empty batch means the log has no more now.</summary>
    /// <remarks>Joining the group and the first fetch take seconds on Kafka, far longer than a short or zero wait; without this a
    /// reader draining the log (wait zero) would stop before its first record. Bounded by <see cref="CatchUpLimit"/>.</remarks>
    public IReadOnlyList<PartitionPosition> Positions()
    {
        var positions = new List<PartitionPosition>();
        foreach (var partition in _consumer.Assignment)
        {
            // The watermarks the last fetch brought back; Offset.Unset until a fetch has answered.
            var high = _consumer.GetWatermarkOffsets(partition).High;
            if (high == Offset.Unset || !_next.TryGetValue(partition.Partition.Value, out var next)) continue;
            positions.Add(new PartitionPosition(NameOf(partition.Partition.Value), next, high.Value));
        }
        return positions;
    }

    private bool IsCaughtUp(TimeSpan waited)
    {
        if (waited >= CatchUpLimit) return true;
        if (!_assigned) return false;
        foreach (var partition in _consumer.Assignment)
        {
            var marks = _consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5));
            var next = _next.TryGetValue(partition.Partition.Value, out var offset) ? offset : marks.Low.Value;
            if (next < marks.High.Value) return false;
        }
        return true;
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        _assigned = true;
        var offsets = _resume(partitions.Select(p => NameOf(p.Partition.Value)).ToList());
        var starts = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var partition in partitions)
        {
            var id = partition.Partition.Value;
            _pending.Remove(id);
            if (offsets.TryGetValue(NameOf(id), out var offset))
            {
                _next[id] = offset;
                starts.Add(new TopicPartitionOffset(partition, offset));
            }
            else
            {
                _next.Remove(id);
                starts.Add(new TopicPartitionOffset(partition, Offset.Beginning));
            }
        }
        return starts;
    }

    private void OnRevoked(IEnumerable<Partition> partitions)
    {
        foreach (var partition in partitions)
        {
            _next.Remove(partition.Value);
            _pending.Remove(partition.Value);
        }
    }

    private string NameOf(int partition) => $"{_topic}-{partition}";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class PartitionBatch(long first)
    {
        public long First { get; } = first;
        public long Last { get; set; }
        public List<Trade> Trades { get; } = [];
    }
}
