using Confluent.Kafka;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>Reads a topic's partitions from a start (the beginning, or the first record at or after a time) up to the end
/// offsets they had when the scan started, outside any consumer group.</summary>
internal sealed class PartitionScan(ConsumerConfig config, string topic) : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
    private readonly Dictionary<int, long> _ends = [];

    /// <summary>True once every partition has been read to its end offset.</summary>
    public bool IsDone => _ends.Count == 0;

    /// <param name="stops">When given, the offset per partition number at which to stop instead of the end (0: skip the partition).</param>
    public void Start(IReadOnlyList<TopicPartition> partitions, DateTime? from, TimeSpan timeout, IReadOnlyDictionary<int, long>? stops = null)
    {
        var byTime = from is { } time
            ? _consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, KafkaMarketLog.TimestampOf(time))), timeout)
            : null;
        var starts = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            var marks = _consumer.QueryWatermarkOffsets(partition, timeout);
            var end = stops is null ? marks.High.Value : Math.Min(marks.High.Value, stops.GetValueOrDefault(partition.Partition.Value));
            if (end <= marks.Low.Value) continue;
            var start = Offset.Beginning;
            // A broker answers -1 when no record is that recent, and librdkafka's mock cluster answers -1 to every lookup by
            // time; reading such a partition from its beginning and filtering is correct either way, only slower.
            if (byTime?.Single(o => o.Partition == partition.Partition).Offset is { Value: >= 0 } found) start = found;
            if (start.Value >= end) continue;
            _ends[partition.Partition.Value] = end;
            starts.Add(new TopicPartitionOffset(partition, start));
        }
        _consumer.Assign(starts);
    }

    /// <summary>Hands up to <paramref name="maxRecords"/> records to <paramref name="onRecord"/>, waiting up to
    /// <paramref name="wait"/> for each.</summary>
    public void Read(int maxRecords, TimeSpan wait, Action<ConsumeResult<byte[], byte[]>> onRecord, CancellationToken ct)
    {
        for (var n = 0; n < maxRecords && _ends.Count > 0; n++)
        {
            ct.ThrowIfCancellationRequested();
            var record = _consumer.Consume(wait);
            if (record is null)
            {
                RetireCaughtUp();
                return;
            }
            var partition = record.Partition.Value;
            if (!_ends.TryGetValue(partition, out var end)) continue;
            if (record.Offset.Value < end) onRecord(record);
            if (record.Offset.Value >= end - 1) _ends.Remove(partition);
        }
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    // A partition whose last offsets hold no data record (e.g. transaction markers) is finished once its position passes the end.
    private void RetireCaughtUp()
    {
        foreach (var (partition, end) in _ends.ToList())
        {
            if (_consumer.Position(new TopicPartition(topic, partition)).Value >= end) _ends.Remove(partition);
        }
    }
}
