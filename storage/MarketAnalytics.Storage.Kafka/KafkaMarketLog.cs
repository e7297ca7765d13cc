using System.Runtime.CompilerServices;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Telemetry;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>The market log on Kafka: trades and quotes in two topics keyed by instrument, and the internal exchange's events in the
/// topics <c>orders</c> (keyed by market) and <c>wallets</c> (keyed by asset), written by an idempotent producer.</summary>
/// <remarks>
/// Open it with <see cref="OpenAsync"/>, which creates missing topics with <see cref="KafkaLogOptions.Partitions"/> partitions and
/// reads the trades topic once to rebuild the per-instrument sets of trade ids that make appends idempotent. One process should own
/// the appends (the ingest role): the sets live in its memory. Record values are <see cref="LogRecordCodec"/>'s compact binary;
/// a record's Kafka timestamp is the exchange time truncated to the millisecond (the value keeps all 100 ns ticks). The last event
/// sequence per partition key, which makes event appends idempotent, is read from the event topics at the first event append.
/// </remarks>
public sealed class KafkaMarketLog : IMarketLog, ILogHistory, IEventLog
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(15);
    private readonly KafkaLogOptions _options;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly Dictionary<InstrumentId, InstrumentState> _instruments = [];
    // Set when an append failed or was cancelled after its ids entered the sets: the next append rebuilds them from the log.
    private volatile bool _tradeIdsStale;
    // Null until the first event append, and again after a failed one: the next append reads them from the event topics.
    private Dictionary<(EventTopic, InstrumentId), long>? _lastEventSequences;

    private KafkaMarketLog(KafkaLogOptions options, IProducer<byte[], byte[]> producer)
    {
        _options = options;
        _producer = producer;
    }

    public KafkaLogOptions Options => _options;

    /// <summary>Connects, creates missing topics and rebuilds the trade-id sets from the trades topic.</summary>
    public static async Task<KafkaMarketLog> OpenAsync(KafkaLogOptions options, CancellationToken ct)
    {
        options.Validate();
        var producer = new ProducerBuilder<byte[], byte[]>(ProducerConfig(options)).Build();
        var log = new KafkaMarketLog(options, producer);
        try
        {
            await log.EnsureTopicsAsync();
            await Task.Run(() => log.RebuildTradeIds(ct), ct);
            return log;
        }
        catch
        {
            await log.DisposeAsync();
            throw;
        }
    }

    /// <summary>The producer settings the log uses; the benchmark's bare produce loop uses the same ones.</summary>
    internal static ProducerConfig ProducerConfig(KafkaLogOptions options) => new()
    {
        BootstrapServers = options.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = options.LingerMs,
        QueueBufferingMaxMessages = 1_000_000,
        QueueBufferingMaxKbytes = 1_048_576,
        // Java clients hash keys with murmur2; matching them keeps an instrument in the same partition whoever writes it.
        Partitioner = Partitioner.Murmur2Random,
        // Only the error of a delivery report is read, so librdkafka need not marshal keys, values and timestamps back.
        DeliveryReportFields = "none",
    };

    internal static ConsumerConfig ConsumerConfig(KafkaLogOptions options, string group) => new()
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = group,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        AllowAutoCreateTopics = false,
        EnablePartitionEof = false,
        SessionTimeoutMs = options.SessionTimeoutMs,
        HeartbeatIntervalMs = Math.Min(3000, options.SessionTimeoutMs / 3),
        // Records carry no headers and the log's own time is in the value; skipping them saves marshalling per record.
        ConsumeResultFields = "none",
    };

    public async ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct)
    {
        if (trades.Count == 0) return default;
        var tracker = new DeliveryTracker();
        int appended = 0, duplicates = 0;
        await _appendGate.WaitAsync(ct);
        try
        {
            if (_tradeIdsStale) await Task.Run(() => RebuildTradeIds(ct), ct);
            InstrumentState? state = null;
            // Per-instrument counts for the metrics, flushed whenever the instrument changes.
            int stateAppended = 0, stateDuplicates = 0;
            for (var i = 0; i < trades.Count; i++)
            {
                var trade = trades[i];
                if (state is null || state.Instrument != trade.Instrument)
                {
                    if (state is not null) LogMetrics.RecordAppend(state.Instrument, stateAppended, stateDuplicates);
                    (stateAppended, stateDuplicates) = (0, 0);
                    state = StateOf(trade.Instrument);
                }
                if (!state.TradeIds.Add(trade.TradeId))
                {
                    duplicates++;
                    stateDuplicates++;
                    continue;
                }
                state.NoteTrade(TradeCursor.Of(trade));
                Produce(_options.TradesTopic, state.Key, LogRecordCodec.EncodeTrade(trade), trade.Time, tracker);
                appended++;
                stateAppended++;
            }
            if (state is not null) LogMetrics.RecordAppend(state.Instrument, stateAppended, stateDuplicates);
        }
        catch
        {
            _tradeIdsStale = true;
            throw;
        }
        finally
        {
            // Acks are awaited outside the gate, so a second caller (another venue's reader) produces while this one waits.
            _appendGate.Release();
        }
        await AwaitDeliveryAsync(tracker, appended, "trades", tradeIds: true, ct);
        return new AppendResult(appended, duplicates);
    }

    public async ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        if (quotes.Count == 0) return;
        var tracker = new DeliveryTracker();
        await _appendGate.WaitAsync(ct);
        try
        {
            InstrumentState? state = null;
            for (var i = 0; i < quotes.Count; i++)
            {
                var quote = quotes[i];
                if (state is null || state.Instrument != quote.Instrument) state = StateOf(quote.Instrument);
                Produce(_options.QuotesTopic, state.Key, LogRecordCodec.EncodeQuote(quote), quote.Time, tracker);
            }
        }
        finally
        {
            _appendGate.Release();
        }
        await AwaitDeliveryAsync(tracker, quotes.Count, "quotes", tradeIds: false, ct);
    }

    public async ValueTask<AppendResult> AppendEventsAsync(IReadOnlyList<LoggedEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return default;
        foreach (var e in events) e.Validate();
        var tracker = new DeliveryTracker();
        int appended = 0, duplicates = 0;
        await _appendGate.WaitAsync(ct);
        try
        {
            var last = _lastEventSequences ??= await Task.Run(() => ReadLastEventSequences(ct), ct);
            foreach (var e in events)
            {
                var key = (e.Topic, e.Partition);
                if (last.TryGetValue(key, out var sequence) && e.Sequence <= sequence)
                {
                    duplicates++;
                    continue;
                }
                last[key] = e.Sequence;
                Produce(_options.TopicOf(e.Topic), StateOf(e.Partition).Key, LogRecordCodec.EncodeEvent(e), e.Time, tracker);
                appended++;
            }
        }
        catch
        {
            _lastEventSequences = null;
            throw;
        }
        finally
        {
            _appendGate.Release();
        }
        try
        {
            await AwaitDeliveryAsync(tracker, appended, "events", tradeIds: false, ct);
        }
        catch
        {
            _lastEventSequences = null;
            throw;
        }
        return new AppendResult(appended, duplicates);
    }

    /// <summary>Every event of <paramref name="topic"/> up to the end offsets it had when the read started; each partition key's
    /// events in log order.</summary>
    public async IAsyncEnumerable<LoggedEvent> ReadEventsAsync(EventTopic topic, [EnumeratorCancellation] CancellationToken ct)
    {
        var name = _options.TopicOf(topic);
        var keys = new InstrumentKeys();
        using var scan = new PartitionScan(ConsumerConfig(_options, $"marketanalytics-events-{Guid.NewGuid():N}"), name);
        await Task.Run(() => scan.Start(Partitions(name), from: null, MetadataTimeout), ct);
        var buffer = new List<LoggedEvent>();
        while (!scan.IsDone)
        {
            buffer.Clear();
            await Task.Run(() => scan.Read(10_000, TimeSpan.FromMilliseconds(200),
                record => buffer.Add(LogRecordCodec.DecodeEvent(topic, keys.Decode(record.Message.Key), record.Message.Value)), ct), ct);
            foreach (var e in buffer) yield return e;
        }
    }

    public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) =>
        new KafkaTradeConsumer(ConsumerConfig(_options, group), _options.TradesTopic, resume);

    public async IAsyncEnumerable<Trade> ReplayTradesAsync(DateTime from, DateTime to, IReadOnlyCollection<InstrumentId>? instruments,
        IReadOnlyDictionary<string, long>? before, [EnumeratorCancellation] CancellationToken ct)
    {
        if (from >= to) yield break;
        var wanted = instruments is null ? null : new HashSet<InstrumentId>(instruments);
        var keys = new InstrumentKeys();
        var partitions = Partitions(_options.TradesTopic);
        // With a bound, a partition is read only below its offset there, and not at all when it is absent.
        var stops = before is null ? null : partitions.ToDictionary(
            p => p.Partition.Value, p => before.TryGetValue(PartitionName(p), out var stop) ? stop : 0L);
        using var scan = new PartitionScan(ConsumerConfig(_options, $"marketanalytics-replay-{Guid.NewGuid():N}"), _options.TradesTopic);
        await Task.Run(() => scan.Start(partitions, from, MetadataTimeout, stops), ct);
        var buffer = new List<Trade>();
        while (!scan.IsDone)
        {
            buffer.Clear();
            await Task.Run(() => scan.Read(10_000, TimeSpan.FromMilliseconds(200), record =>
            {
                var instrument = keys.Decode(record.Message.Key);
                if (wanted is not null && !wanted.Contains(instrument)) return;
                var trade = LogRecordCodec.DecodeTrade(instrument, record.Message.Value);
                if (trade.Time >= from && trade.Time < to) buffer.Add(trade);
            }, ct), ct);
            foreach (var trade in buffer) yield return trade;
        }
    }

    /// <summary>Deletes, per partition of both topics, the records before the first one stamped at or after
    /// <paramref name="cutoff"/> (Kafka's DeleteRecords); returns how many partitions were trimmed.</summary>
    /// <remarks>Finding that record needs the broker's offsets-for-times lookup; librdkafka's mock cluster does not answer it, so
    /// there nothing is trimmed. Topic-level <c>retention.ms</c> remains the usual way to bound a Kafka log.</remarks>
    public async Task<int> DeleteBeforeAsync(DateTime cutoff, CancellationToken ct)
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(ConsumerConfig(_options, $"marketanalytics-retention-{Guid.NewGuid():N}")).Build();
        var trimmed = 0;
        foreach (var topic in new[] { _options.TradesTopic, _options.QuotesTopic })
        {
            var found = await Task.Run(() => consumer.OffsetsForTimes(
                Partitions(topic).Select(p => new TopicPartitionTimestamp(p, TimestampOf(cutoff))), MetadataTimeout), ct);
            var targets = found.Where(o => o.Offset.Value > 0).ToList();
            if (targets.Count == 0) continue;
            await admin.DeleteRecordsAsync(targets);
            trimmed += targets.Count;
        }
        return trimmed;
    }

    /// <summary>The newest timestamp among the first records still held by trade partitions that lost records to retention.</summary>
    public ValueTask<DateTime?> GetRetentionHorizonAsync(CancellationToken ct) => new(Task.Run(() =>
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(ConsumerConfig(_options, $"marketanalytics-horizon-{Guid.NewGuid():N}")).Build();
        DateTime? horizon = null;
        foreach (var partition in Partitions(_options.TradesTopic))
        {
            var marks = consumer.QueryWatermarkOffsets(partition, MetadataTimeout);
            if (marks.Low.Value <= 0 || marks.High.Value <= marks.Low.Value) continue;
            consumer.Assign(new TopicPartitionOffset(partition, marks.Low));
            var first = consumer.Consume(MetadataTimeout);
            if (first is null) continue;
            var time = first.Message.Timestamp.UtcDateTime;
            if (horizon is null || time > horizon) horizon = time;
        }
        consumer.Close();
        return horizon;
    }, ct));

    public async ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct)
    {
        await _appendGate.WaitAsync(ct);
        try
        {
            if (_tradeIdsStale) await Task.Run(() => RebuildTradeIds(ct), ct);
            return _instruments.TryGetValue(instrument, out var state) ? state.NewestTrade : null;
        }
        finally
        {
            _appendGate.Release();
        }
    }

    private static string PartitionName(TopicPartition partition) => $"{partition.Topic}-{partition.Partition.Value}";

    public async ValueTask DisposeAsync()
    {
        await Task.Run(() => _producer.Flush(TimeSpan.FromSeconds(10)));
        _producer.Dispose();
        _appendGate.Dispose();
    }

    private InstrumentState StateOf(InstrumentId instrument)
    {
        if (!_instruments.TryGetValue(instrument, out var state))
            _instruments.Add(instrument, state = new InstrumentState(instrument));
        return state;
    }

    private void Produce(string topic, byte[] key, byte[] value, DateTime time, DeliveryTracker tracker)
    {
        var message = new Message<byte[], byte[]> { Key = key, Value = value, Timestamp = TimestampOf(time) };
        while (true)
        {
            tracker.Expect();
            try
            {
                _producer.Produce(topic, message, tracker.OnReport);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // librdkafka's queue is full: wait for deliveries to drain it, then produce again.
                tracker.Withdraw();
                Thread.Sleep(1);
            }
            catch
            {
                tracker.Withdraw();
                throw;
            }
        }
    }

    /// <summary>Waits for every ack of an append. An append that failed or was cancelled may have left ids in the sets whose
    /// trades never reached the log, so the next append rebuilds the sets from the log first.</summary>
    private async Task AwaitDeliveryAsync(DeliveryTracker tracker, int count, string what, bool tradeIds, CancellationToken ct)
    {
        tracker.Seal();
        try
        {
            await tracker.Completion.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            _tradeIdsStale |= tradeIds;
            throw;
        }
        if (tracker.Failed == 0) return;
        _tradeIdsStale |= tradeIds;
        throw new IOException($"Kafka did not acknowledge {tracker.Failed} of {count} {what}: {tracker.FirstError}");
    }

    internal static Timestamp TimestampOf(DateTime time) =>
        new((time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond, TimestampType.CreateTime);

    private async Task EnsureTopicsAsync()
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var existing = admin.GetMetadata(MetadataTimeout).Topics
            .Where(t => !t.Error.IsError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        var missing = _options.Topics.Where(t => !existing.Contains(t)).ToList();
        if (missing.Count == 0) return;
        try
        {
            await admin.CreateTopicsAsync(missing.Select(name => new TopicSpecification
            {
                Name = name,
                NumPartitions = _options.Partitions,
                ReplicationFactor = _options.ReplicationFactor,
            }));
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another instance created them first.
        }
    }

    private IReadOnlyList<TopicPartition> Partitions(string topic)
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var metadata = admin.GetMetadata(topic, MetadataTimeout).Topics.Single();
        if (metadata.Error.IsError) throw new KafkaException(metadata.Error);
        return metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
    }

    private void RebuildTradeIds(CancellationToken ct)
    {
        // Appends still waiting for acks must land (or fail) first, or the scan would miss their trades.
        _producer.Flush(ct);
        _instruments.Clear();
        var keys = new InstrumentKeys();
        using var scan = new PartitionScan(ConsumerConfig(_options, $"marketanalytics-dedupe-{Guid.NewGuid():N}"), _options.TradesTopic);
        scan.Start(Partitions(_options.TradesTopic), from: null, MetadataTimeout);
        while (!scan.IsDone)
        {
            scan.Read(100_000, TimeSpan.FromMilliseconds(200),
                record =>
                {
                    var state = StateOf(keys.Decode(record.Message.Key));
                    var trade = LogRecordCodec.DecodeTradeCursor(record.Message.Value);
                    state.TradeIds.Add(trade.TradeId);
                    state.NoteTrade(trade);
                }, ct);
        }
        _tradeIdsStale = false;
    }

    private Dictionary<(EventTopic, InstrumentId), long> ReadLastEventSequences(CancellationToken ct)
    {
        // Events still waiting for acks must land (or fail) first, or the scan would miss them.
        _producer.Flush(ct);
        var last = new Dictionary<(EventTopic, InstrumentId), long>();
        var keys = new InstrumentKeys();
        foreach (var topic in new[] { EventTopic.Orders, EventTopic.Wallets })
        {
            var name = _options.TopicOf(topic);
            using var scan = new PartitionScan(ConsumerConfig(_options, $"marketanalytics-events-{Guid.NewGuid():N}"), name);
            scan.Start(Partitions(name), from: null, MetadataTimeout);
            while (!scan.IsDone)
            {
                scan.Read(100_000, TimeSpan.FromMilliseconds(200), record =>
                {
                    var key = (topic, keys.Decode(record.Message.Key));
                    last[key] = Math.Max(last.GetValueOrDefault(key), LogRecordCodec.DecodeEventSequence(record.Message.Value));
                }, ct);
            }
        }
        return last;
    }

    private sealed class InstrumentState(InstrumentId instrument)
    {
        public InstrumentId Instrument { get; } = instrument;
        public byte[] Key { get; } = Encoding.UTF8.GetBytes(instrument.ToString());
        public TradeIdSet TradeIds { get; } = new();
        public TradeCursor? NewestTrade { get; private set; }

        public void NoteTrade(TradeCursor trade) => NewestTrade = TradeCursor.Latest(NewestTrade, trade);
    }
}
