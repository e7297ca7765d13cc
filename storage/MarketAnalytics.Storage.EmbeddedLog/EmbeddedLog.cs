using System.Collections.Concurrent;
using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Durability;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.EmbeddedLog.Format;
using MarketAnalytics.Storage.EmbeddedLog.Partitions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAnalytics.Storage.EmbeddedLog;

/// <summary>The durable log of trades, quotes and the internal exchange's events in a local directory: the default stand-in for
/// Kafka.</summary>
/// <remarks>
/// Layout: <c>trades/</c>, <c>quotes/</c>, <c>orders/</c> and <c>wallets/</c>, one directory per partition (an instrument such as
/// <c>bitmex=XBTUSD</c>, or for events the partition key such as <c>internal=USDT</c>) holding segment files named by their first
/// offset; offsets count from 0 per partition. Records are framed with a length and a CRC-32C. An append returns once
/// its records, and everything appended before them, are fsynced; concurrent appends share one fsync (group commit). Readers and
/// consumers see only fsynced records. On open every partition is scanned: torn tails are cut (see <see cref="TornTails"/>) and
/// the trade-id sets that make appends idempotent are rebuilt. One process at a time: a second open of the directory throws
/// <see cref="DataDirectoryInUseException"/>.
/// </remarks>
public sealed class EmbeddedLog : IMarketLog, ILogHistory, IEventLog
{
    private const int EventReadBatch = 4096;

    private readonly DataDirectoryLock _lock;
    private readonly LogStream<Trade, TradeFormat> _trades;
    private readonly LogStream<Quote, QuoteFormat> _quotes;
    private readonly LogStream<LoggedEvent, EventFormat<OrdersTopic>> _orderEvents;
    private readonly LogStream<LoggedEvent, EventFormat<WalletsTopic>> _walletEvents;
    private readonly Dictionary<(EventTopic, InstrumentId), long> _lastEventSequences = [];
    private readonly Lock _writeLock = new();
    private readonly SemaphoreSlim _commitGate = new(1, 1);
    private UnflushedWrites _unflushed = new();
    private long _writtenBatches;
    private long _durableBatches;
    private TaskCompletionSource _appended = NewSignal();
    private Exception? _failure;
    private int _disposed;

    private EmbeddedLog(
        string directory, EmbeddedLogOptions options, DataDirectoryLock directoryLock, LogStream<Trade, TradeFormat> trades,
        LogStream<Quote, QuoteFormat> quotes, LogStream<LoggedEvent, EventFormat<OrdersTopic>> orderEvents,
        LogStream<LoggedEvent, EventFormat<WalletsTopic>> walletEvents, IReadOnlyList<TornTail> tornTails)
    {
        Directory = directory;
        Options = options;
        _lock = directoryLock;
        _trades = trades;
        _quotes = quotes;
        _orderEvents = orderEvents;
        _walletEvents = walletEvents;
        TornTails = tornTails;
        RememberLastEventSequences(orderEvents);
        RememberLastEventSequences(walletEvents);
    }

    /// <summary>The log directory (absolute).</summary>
    public string Directory { get; }

    public EmbeddedLogOptions Options { get; }

    /// <summary>What opening the log cut because a crash had torn it (empty after a clean shutdown).</summary>
    public IReadOnlyList<TornTail> TornTails { get; }

    /// <summary>The trade partitions and their durable offset ranges, in order of creation.</summary>
    public IReadOnlyList<LogPartition> TradePartitions => Describe(_trades.Partitions);

    /// <summary>The quote partitions and their durable offset ranges, in order of creation.</summary>
    public IReadOnlyList<LogPartition> QuotePartitions => Describe(_quotes.Partitions);

    /// <summary>Opens (creating if missing) the log in <paramref name="directory"/>, holding it exclusively until disposed.</summary>
    /// <exception cref="DataDirectoryInUseException">Another process, or another open log in this one, holds the directory.</exception>
    public static EmbeddedLog Open(string directory, EmbeddedLogOptions? options = null, ILogger? logger = null)
    {
        options ??= new EmbeddedLogOptions();
        options.Validate();
        logger ??= NullLogger.Instance;
        directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        var directoryLock = DataDirectoryLock.Acquire(directory, options.TimeProvider);
        var opened = new List<IDisposable>();
        try
        {
            var cuts = new ConcurrentQueue<TornTail>();
            var trades = Add(LogStream<Trade, TradeFormat>.Open(directory, options, logger, cuts, options.RecentTrades));
            var quotes = Add(LogStream<Quote, QuoteFormat>.Open(directory, options, logger, cuts));
            var orderEvents = Add(LogStream<LoggedEvent, EventFormat<OrdersTopic>>.Open(directory, options, logger, cuts));
            var walletEvents = Add(LogStream<LoggedEvent, EventFormat<WalletsTopic>>.Open(directory, options, logger, cuts));
            DirectorySync.Flush(directory);
            foreach (var cut in cuts)
                logger.LogWarning(
                    "Cut {Bytes} bytes from {Stream} partition {Partition} at byte {Position} of {Segment}: {Reason}",
                    cut.BytesCut, cut.Stream, cut.Partition, cut.Position, cut.SegmentPath, cut.Reason);
            return new EmbeddedLog(directory, options, directoryLock, trades, quotes, orderEvents, walletEvents, [.. cuts]);
        }
        catch
        {
            foreach (var stream in opened) stream.Dispose();
            directoryLock.Dispose();
            throw;
        }

        T Add<T>(T stream) where T : IDisposable
        {
            opened.Add(stream);
            return stream;
        }
    }

    /// <summary>Appends the trades not yet in the log, in order per instrument, and returns once they are durable.</summary>
    /// <remarks>A trade whose (instrument, trade id) is already logged, or earlier in the same batch, is dropped and counted in
    /// <see cref="AppendResult.Duplicates"/>; the call still waits until the logged copy is durable. A batch with an invalid
    /// trade (instrument id not valid or not normalised, trade id empty or over 256 characters) throws
    /// <see cref="ArgumentException"/> and writes nothing. <paramref name="ct"/> is observed only before the batch is written:
    /// once written, the call completes with the batch durable.
    /// Once an I/O error has happened every later call throws: the log must be reopened, which recovers what was durable.</remarks>
    public async ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trades);
        ct.ThrowIfCancellationRequested();
        if (trades.Count == 0) return default;
        _trades.Validate(trades);
        var (result, batch) = Write(() => _trades.Write(trades, _unflushed));
        await MakeDurableAsync(batch).ConfigureAwait(false);
        return result;
    }

    /// <summary>Appends quotes (never deduplicated) and returns once they are durable.</summary>
    public async ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        ct.ThrowIfCancellationRequested();
        if (quotes.Count == 0) return;
        _quotes.Validate(quotes);
        var (_, batch) = Write(() => _quotes.Write(quotes, _unflushed));
        await MakeDurableAsync(batch).ConfigureAwait(false);
    }

    /// <summary>Appends the events not yet in their partitions (sequence above the partition's last), in order per partition, and
    /// returns once they are durable.</summary>
    /// <remarks>An event with an unknown topic, a sequence below 1, no type or no JSON, or an invalid partition key throws
    /// <see cref="ArgumentException"/> and writes nothing. Events are not subject to <see cref="DeleteBeforeAsync"/>.</remarks>
    public async ValueTask<AppendResult> AppendEventsAsync(IReadOnlyList<LoggedEvent> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ct.ThrowIfCancellationRequested();
        if (events.Count == 0) return default;
        var orders = new List<LoggedEvent>();
        var wallets = new List<LoggedEvent>();
        // Each stream's Validate checks every event (LoggedEvent.Validate, an unknown topic included) before anything is written.
        foreach (var e in events) (e.Topic == EventTopic.Orders ? orders : wallets).Add(e);
        _orderEvents.Validate(orders);
        _walletEvents.Validate(wallets);
        var (result, batch) = Write(() =>
        {
            var (ordersAppended, ordersDropped) = WriteNewEvents(_orderEvents, orders);
            var (walletsAppended, walletsDropped) = WriteNewEvents(_walletEvents, wallets);
            return new AppendResult(ordersAppended + walletsAppended, ordersDropped + walletsDropped);
        });
        await MakeDurableAsync(batch).ConfigureAwait(false);
        return result;
    }

    public IAsyncEnumerable<LoggedEvent> ReadEventsAsync(EventTopic topic, CancellationToken ct) => topic switch
    {
        EventTopic.Orders => ReadEvents(_orderEvents, ct).ToAsyncEnumerable(),
        EventTopic.Wallets => ReadEvents(_walletEvents, ct).ToAsyncEnumerable(),
        _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, "not an event topic"),
    };

    /// <summary>Opens a consumer of every trade partition, including those created later; <paramref name="resume"/> is asked for
    /// the next offset of each partition the first time the consumer sees it (absent: from the partition's start).</summary>
    /// <remarks>The embedded log has one member per group: the consumer reads all partitions; <paramref name="group"/> only names it.</remarks>
    public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentNullException.ThrowIfNull(resume);
        ThrowIfUnusable();
        return new EmbeddedTradeConsumer(this, group, resume);
    }

    public ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct)
    {
        ThrowIfUnusable();
        var name = instrument.ToString();
        lock (_writeLock) return ValueTask.FromResult(_trades.Find(name)?.NewestTrade);
    }

    public IAsyncEnumerable<Trade> ReplayTradesAsync(DateTime from, DateTime to, IReadOnlyCollection<InstrumentId>? instruments,
        IReadOnlyDictionary<string, long>? before, CancellationToken ct) =>
        _trades.ReplayAsync(from, to, instruments, before, ct);

    /// <summary>Every logged quote whose exchange time is in [<paramref name="from"/>, <paramref name="to"/>), optionally only of
    /// the given instruments, in log order per partition.</summary>
    public IAsyncEnumerable<Quote> ReplayQuotesAsync(
        DateTime from, DateTime to, IReadOnlyCollection<InstrumentId>? instruments, CancellationToken ct) =>
        _quotes.ReplayAsync(from, to, instruments, before: null, ct);

    /// <summary>Up to <paramref name="maxTrades"/> durable trades of <paramref name="partition"/> (an instrument id such as
    /// <c>bitmex:XBTUSD</c>) from <paramref name="fromOffset"/> on; an offset before the partition's start reads from its start.</summary>
    /// <exception cref="KeyNotFoundException">The log has no such trade partition.</exception>
    public IReadOnlyList<Trade> ReadTrades(string partition, long fromOffset, int maxTrades) =>
        _trades.Read(partition, fromOffset, maxTrades);

    /// <summary>Up to <paramref name="maxQuotes"/> durable quotes of <paramref name="partition"/> from <paramref name="fromOffset"/> on.</summary>
    /// <exception cref="KeyNotFoundException">The log has no such quote partition.</exception>
    public IReadOnlyList<Quote> ReadQuotes(string partition, long fromOffset, int maxQuotes) =>
        _quotes.Read(partition, fromOffset, maxQuotes);

    /// <summary>The first offset of trade partition <paramref name="partition"/> before which every trade's exchange time is
    /// earlier than <paramref name="time"/>: reading from it sees every trade at or after <paramref name="time"/>, late ones
    /// included. The end offset when there is no such trade.</summary>
    public long FindTradeOffset(string partition, DateTime time) => _trades.FindOffset(partition, time);

    /// <summary>As <see cref="FindTradeOffset"/>, for a quote partition.</summary>
    public long FindQuoteOffset(string partition, DateTime time) => _quotes.FindOffset(partition, time);

    /// <summary>Deletes the oldest segment files whose records are all earlier (exchange time) than <paramref name="cutoff"/>, never
    /// a partition's newest segment; returns how many files were deleted.</summary>
    /// <remarks>Offsets do not change: the partition's start offset moves up. Ids of deleted trades stay in the duplicate check
    /// until the log is reopened, after which a resent old trade would be logged again. When anything was deleted the cutoff is
    /// kept in the file <c>RETENTION</c> as the log's retention horizon.</remarks>
    public async Task<int> DeleteBeforeAsync(DateTime cutoff, CancellationToken ct)
    {
        ThrowIfUnusable();
        // The gate keeps a group commit from publishing a view that still lists the deleted segments.
        await _commitGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_writeLock)
            {
                ThrowIfUnusable();
                var deleted = _trades.DeleteSegmentsBefore(cutoff, _unflushed) + _quotes.DeleteSegmentsBefore(cutoff, _unflushed);
                if (deleted > 0) WriteRetentionHorizon(cutoff);
                return deleted;
            }
        }
        finally
        {
            _commitGate.Release();
        }
    }

    public ValueTask<DateTime?> GetRetentionHorizonAsync(CancellationToken ct)
    {
        var path = Path.Combine(Directory, RetentionFile);
        DateTime? horizon = File.Exists(path) ? new DateTime(long.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture), DateTimeKind.Utc) : null;
        return ValueTask.FromResult(horizon);
    }

    private const string RetentionFile = "RETENTION";

    private void WriteRetentionHorizon(DateTime cutoff)
    {
        var path = Path.Combine(Directory, RetentionFile);
        if (File.Exists(path) && long.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture) >= cutoff.Ticks) return;
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, cutoff.Ticks.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Makes pending appends durable, then closes the files and releases the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _commitGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_failure is null) Commit();
        }
        finally
        {
            _trades.Dispose();
            _quotes.Dispose();
            _orderEvents.Dispose();
            _walletEvents.Dispose();
            _lock.Dispose();
            _commitGate.Release();
            Signal();
        }
    }

    /// <summary>Completes when a group commit publishes new records; consumers take it before looking, so no wake-up is lost.</summary>
    internal Task Appended => Volatile.Read(ref _appended).Task;

    internal LogStream<Trade, TradeFormat> Trades => _trades;

    internal void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (_failure is { } failure)
            throw new InvalidOperationException($"The embedded log in '{Directory}' failed ({failure.Message}); reopen it to recover.", failure);
    }

    private void RememberLastEventSequences<TFormat>(LogStream<LoggedEvent, TFormat> stream) where TFormat : IRecordFormat<LoggedEvent>
    {
        foreach (var partition in stream.Partitions)
        {
            var view = partition.Durable;
            if (view.EndOffset == view.StartOffset) continue;
            var last = stream.Read(partition.Name, view.EndOffset - 1, 1)[0];
            _lastEventSequences[(last.Topic, last.Partition)] = last.Sequence;
        }
    }

    /// <summary>Writes the events whose sequence is above their partition's last (caller holds the write lock).</summary>
    private AppendResult WriteNewEvents<TFormat>(LogStream<LoggedEvent, TFormat> stream, List<LoggedEvent> events)
        where TFormat : IRecordFormat<LoggedEvent>
    {
        var fresh = new List<LoggedEvent>(events.Count);
        foreach (var e in events)
        {
            var key = (e.Topic, e.Partition);
            if (_lastEventSequences.TryGetValue(key, out var last) && e.Sequence <= last) continue;
            _lastEventSequences[key] = e.Sequence;
            fresh.Add(e);
        }
        if (fresh.Count > 0) stream.Write(fresh, _unflushed);
        return new AppendResult(fresh.Count, events.Count - fresh.Count);
    }

    private IEnumerable<LoggedEvent> ReadEvents<TFormat>(LogStream<LoggedEvent, TFormat> stream, CancellationToken ct)
        where TFormat : IRecordFormat<LoggedEvent>
    {
        ThrowIfUnusable();
        foreach (var partition in stream.Partitions)
        {
            var view = partition.Durable;
            for (var offset = view.StartOffset; offset < view.EndOffset;)
            {
                ct.ThrowIfCancellationRequested();
                var read = stream.Read(partition.Name, offset, EventReadBatch);
                if (read.Count == 0) break;
                foreach (var e in read) yield return e;
                offset += read.Count;
            }
        }
    }

    private (AppendResult Result, long Batch) Write(Func<AppendResult> write)
    {
        lock (_writeLock)
        {
            ThrowIfUnusable();
            AppendResult result;
            try
            {
                result = write();
            }
            catch (Exception e)
            {
                // A half-written batch leaves the id sets ahead of the files; only a reopen (which rescans) is safe after that.
                _failure = e;
                throw;
            }
            if (result.Appended > 0) _writtenBatches++;
            return (result, _writtenBatches);
        }
    }

    // Group commit: whoever gets the gate fsyncs everything written so far, so the appenders queued behind it usually find their
    // batch already durable and return without an fsync of their own.
    private async ValueTask MakeDurableAsync(long batch)
    {
        if (Volatile.Read(ref _durableBatches) >= batch) return;
        await _commitGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _durableBatches) >= batch) return;
            ThrowIfUnusable();
            Commit();
        }
        finally
        {
            _commitGate.Release();
        }
    }

    private void Commit()
    {
        UnflushedWrites writes;
        long batch;
        lock (_writeLock)
        {
            writes = _unflushed;
            _unflushed = new UnflushedWrites();
            batch = _writtenBatches;
        }
        try
        {
            if (!writes.IsEmpty) writes.Flush();
        }
        catch (Exception e)
        {
            // After a failed fsync the page cache may have dropped the dirty pages: nothing written since the last good fsync is safe.
            _failure = e;
            throw;
        }
        writes.Publish();
        Volatile.Write(ref _durableBatches, batch);
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _appended, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static LogPartition[] Describe(IReadOnlyList<Partition> partitions)
    {
        var described = new LogPartition[partitions.Count];
        for (var i = 0; i < partitions.Count; i++)
        {
            var view = partitions[i].Durable;
            described[i] = new LogPartition(partitions[i].Name, partitions[i].Instrument, view.StartOffset, view.EndOffset);
        }
        return described;
    }
}
