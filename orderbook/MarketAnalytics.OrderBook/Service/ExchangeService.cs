using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Journal;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>The internal exchange as a service: every command and query goes through one sequencer thread, commands are journaled
/// (fsync, group commit) before they are applied and answered, and the state survives restarts and crashes.</summary>
/// <remarks>
/// <para>Start: the newest snapshot is loaded and the journal after it replayed, deterministically (times come from the journal), so
/// the state is exactly the one acknowledged before the stop. Replay regenerates the same events with the same sequence numbers
/// into the event buffer (there are no live subscribers yet) and re-appends the trades to the market log, whose idempotent append
/// drops the ones it already has.</para>
/// <para>Each batch the sequencer takes (up to <see cref="ExchangeOptions.MaxBatch"/>) is stamped with the time of
/// <see cref="TimeProvider"/>, journaled with one fsync, then applied in order; queries in the batch see the commands before them.
/// Results are returned only after the fsync. A failing journal write stops the service (fail-stop): the disk, not memory, is the
/// truth, and a restart recovers from it.</para>
/// <para>The engine is total (every command applies completely or is rejected with a reason), so replay normally reproduces the
/// outcomes the journal's commands had. Should applying one throw anyway, live or on replay, the exchange stops
/// (<see cref="Status"/>, and every call throws <see cref="ExchangeStoppedException"/>) while the process, and the analytics
/// beside it, keep running.</para>
/// <para>Every trade is appended to the market log as venue <c>internal</c> (e.g. <c>internal:BTC-USDT</c>), and every order update,
/// fill and wallet change to the log's <c>orders</c> and <c>wallets</c> topics, after its journal commit, in journal order, by a
/// background feed.</para>
/// </remarks>
public sealed class ExchangeService : IAsyncDisposable
{
    private readonly ExchangeOptions _options;
    private readonly TimeProvider _time;
    private readonly MatchingEngine _engine;
    private readonly CommandJournal _journal;
    private readonly SnapshotStore _snapshots;
    private readonly MarketLogFeed _feed;
    private readonly EventBuffer _events;
    private readonly Channel<Work> _inbox = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _sequencer;
    private readonly ConcurrentDictionary<string, long> _usersByKeyHash = new(StringComparer.Ordinal);
    private readonly MemoryStream _encoded = new();
    private readonly BinaryWriter _encoder;
    private List<Trade> _pendingTrades = [];
    private List<ExchangeEvent> _pendingEvents = [];
    private long _lastEvent;
    private long _commandsSinceSnapshot;
    private Task _snapshotWrite = Task.CompletedTask;
    private volatile ExchangeStatus _status = ExchangeStatus.Running;
    private Exception? _fault;

    /// <summary>Recovers the state from <see cref="ExchangeOptions.DataDirectory"/> and starts the sequencer.</summary>
    public ExchangeService(ExchangeOptions options, IMarketLog marketLog, IEventLog eventLog, TimeProvider timeProvider)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(options));
        _options = options;
        _time = timeProvider;
        _encoder = new BinaryWriter(_encoded, Encoding.UTF8, leaveOpen: true);
        _snapshots = new SnapshotStore(options.DataDirectory);
        if (_snapshots.TryLoadLatest(out var snapshotSequence, out var state))
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            _lastEvent = reader.ReadInt64();
            _engine = MatchingEngine.ReadState(options, reader);
        }
        else _engine = new MatchingEngine(options);
        _events = new EventBuffer(options.EventBufferCapacity);
        _events.StartAfter(_lastEvent);
        _journal = CommandJournal.Open(options.DataDirectory, snapshotSequence, record =>
        {
            // Once a record fails, the state is not the one the journal describes: the rest is left alone until a fixed restart.
            if (!_status.IsRunning) return;
            try
            {
                using var reader = new BinaryReader(new MemoryStream(record.Body.ToArray()));
                ExchangeCommand.Read(reader).Apply(_engine, record.Time);
                Publish(record.Time);
            }
            catch (Exception e)
            {
                Stop($"journal record {record.Sequence} could not be replayed: {e.Message}", e);
            }
        });
        _feed = new MarketLogFeed(marketLog, eventLog, snapshotSequence);
        EnqueuePending();
        _commandsSinceSnapshot = _journal.LastSequence - snapshotSequence;
        foreach (var (userId, hash) in _engine.ApiKeyHashes()) _usersByKeyHash[hash] = userId;
        Markets = [.. _engine.Markets.Select(m => m.Options)];
        _sequencer = new Thread(Run) { IsBackground = true, Name = "exchange-sequencer" };
        _sequencer.Start();
    }

    /// <summary>Running, or stopped with the reason; read without waiting for the sequencer.</summary>
    public ExchangeStatus Status => _status;

    /// <summary>The markets and their settings.</summary>
    public IReadOnlyList<MarketOptions> Markets { get; }

    /// <summary>The sequence of the newest event; subscribe after it to get only what happens from now on.</summary>
    public long LastEventSequence => _events.Last;

    /// <summary>The user an API key belongs to, or null.</summary>
    public long? Authenticate(string? apiKey) =>
        !string.IsNullOrEmpty(apiKey) && _usersByKeyHash.TryGetValue(HashKey(apiKey), out var userId) ? userId : null;

    public Task<CreatedUser> CreateUserAsync(CancellationToken ct = default)
    {
        var apiKey = "mak_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var hash = HashKey(apiKey);
        return Submit(new ExchangeCommand.CreateUser(hash), (_, raw) =>
        {
            var userId = (long)raw!;
            _usersByKeyHash[hash] = userId;
            return new CreatedUser(userId, apiKey);
        }, ct);
    }

    /// <summary>Adds <paramref name="amount"/> of <paramref name="asset"/> to the user's available balance; applied once per
    /// <paramref name="reference"/>, a repeat answers <see cref="WalletOutcome.AlreadyApplied"/>.</summary>
    public Task<WalletResult> CreditAsync(long userId, string asset, decimal amount, string reference, CancellationToken ct = default) =>
        Transfer(userId, asset, amount, reference, credit: true, ct);

    /// <summary>Takes <paramref name="amount"/> from the available balance (never below zero), once per <paramref name="reference"/>.</summary>
    public Task<WalletResult> DebitAsync(long userId, string asset, decimal amount, string reference, CancellationToken ct = default) =>
        Transfer(userId, asset, amount, reference, credit: false, ct);

    private Task<WalletResult> Transfer(long userId, string asset, decimal amount, string reference, bool credit, CancellationToken ct) =>
        Submit(new ExchangeCommand.Transfer(userId, asset, amount, reference, credit),
            (e, raw) => new WalletResult((WalletOutcome)raw!, Wallet(e, userId)), ct);

    /// <summary>The user's balances, or null for an unknown user.</summary>
    public Task<WalletBalances?> GetWalletAsync(long userId, CancellationToken ct = default) => Query(e => Wallet(e, userId), ct);

    /// <summary>The fee account's balances.</summary>
    public Task<IReadOnlyList<AssetBalance>> GetFeeBalancesAsync(CancellationToken ct = default) => Query(e => e.FeeBalances(), ct);

    /// <summary>Places an order for <paramref name="userId"/>; the answer includes the trades it made at once.</summary>
    public Task<PlaceOrderResult> PlaceOrderAsync(long userId, OrderRequest request, CancellationToken ct = default) =>
        Submit(new ExchangeCommand.Place(userId, request), (e, raw) => PlaceResult(e, (PlaceOutcome)raw!), ct);

    /// <summary>Cancel-replace in one atomic command: cancels the user's open order and places a new one at <paramref name="price"/>
    /// for <paramref name="quantity"/> with the old one's market, side, type, time in force, post-only flag and self-trade mode
    /// (see <see cref="MatchingEngine.Replace(long, long, decimal, decimal, long, string?)"/>).</summary>
    public Task<ReplaceOrderResult> ReplaceOrderAsync(long userId, long orderId, decimal price, decimal quantity, string? clientOrderId = null,
        CancellationToken ct = default) =>
        Submit(new ExchangeCommand.Replace(userId, orderId, price, quantity, clientOrderId), (e, raw) =>
        {
            var outcome = (ReplaceOutcome)raw!;
            return new ReplaceOrderResult(CancelResult(e, outcome.Old, orderId),
                outcome.Old == CancelOutcome.Canceled ? PlaceResult(e, outcome.New) : null);
        }, ct);

    /// <summary>Cancels the user's order; <see cref="CancelOutcome.NotOwner"/> when it belongs to someone else (nothing is revealed).</summary>
    public Task<CancelOrderResult> CancelOrderAsync(long userId, long orderId, CancellationToken ct = default) =>
        Submit(new ExchangeCommand.Cancel(userId, orderId), (e, raw) => CancelResult(e, (CancelOutcome)raw!, orderId), ct);

    /// <summary>The order (open or among the owner's retained final orders), or null; the caller checks <see cref="OrderView.UserId"/>.</summary>
    public Task<OrderView?> GetOrderAsync(long orderId, CancellationToken ct = default) => Query(e => e.GetOrder(orderId), ct);

    /// <summary>The user's orders, oldest first, optionally only those with one of <paramref name="statuses"/>
    /// (open orders: <see cref="OrderStatus.Open"/> and <see cref="OrderStatus.PartiallyFilled"/>).</summary>
    public Task<IReadOnlyList<OrderView>> ListOrdersAsync(long userId, IReadOnlyCollection<OrderStatus>? statuses = null, CancellationToken ct = default) =>
        Query<IReadOnlyList<OrderView>>(e => [.. e.OrdersOf(userId).Where(o => statuses is null || statuses.Contains(o.Status))], ct);

    /// <summary>Up to <paramref name="depth"/> levels per side, best first; null for an unknown symbol.</summary>
    public Task<OrderBookSnapshot?> GetOrderBookAsync(string symbol, int depth, CancellationToken ct = default) =>
        Query(e => e.TryGetMarket(symbol, out var market)
            ? new OrderBookSnapshot(symbol, e.Depth(market.Index, OrderSide.Buy, depth), e.Depth(market.Index, OrderSide.Sell, depth), _lastEvent)
            : null, ct);

    /// <summary>Up to <paramref name="limit"/> most recent trades of a market, newest first (at most
    /// <see cref="ExchangeOptions.RecentTradesPerMarket"/>); null for an unknown symbol.</summary>
    public Task<IReadOnlyList<PublicTrade>?> GetRecentTradesAsync(string symbol, int limit, CancellationToken ct = default) =>
        Query<IReadOnlyList<PublicTrade>?>(e => e.TryGetMarket(symbol, out var market)
            ? [.. e.RecentTrades(market.Index, limit).Select(f => ToPublic(market, f))]
            : null, ct);

    /// <summary>Completes when the market log and its event topics hold everything the exchange answered before this call, so a
    /// reader of the log (a user's fills, recent trades) sees the user's own last order.</summary>
    public async Task WaitForLogAsync(CancellationToken ct = default)
    {
        var through = await Query(_ => _journal.LastSequence, ct);
        await _feed.WaitForAsync(through, ct);
    }

    /// <summary>The hash of the whole exchange state (see <see cref="MatchingEngine.StateHash"/>).</summary>
    public Task<string> StateHashAsync(CancellationToken ct = default) => Query(e => e.StateHash(), ct);

    /// <summary>Takes a snapshot now and waits until it is on disk.</summary>
    public async Task SnapshotAsync(CancellationToken ct = default)
    {
        var written = await Query(_ => StartSnapshot(), ct);
        await written.WaitAsync(ct);
    }

    /// <summary>The events after <paramref name="afterSequence"/>, then new ones as they happen, without gaps, until
    /// <paramref name="ct"/> is canceled. Throws <see cref="EventsUnavailableException"/> when the buffer no longer holds them.</summary>
    public async IAsyncEnumerable<ExchangeEvent> ReadEventsAsync(long afterSequence, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var batch = new List<ExchangeEvent>(256);
        var cursor = afterSequence;
        while (true)
        {
            batch.Clear();
            var changed = _events.Read(cursor, batch, 256);
            foreach (var e in batch)
            {
                cursor = e.Sequence;
                yield return e;
            }
            if (batch.Count == 0) await changed.WaitAsync(ct);
        }
    }

    /// <summary>Reads the engine on the sequencer, in order with the commands; for tests and diagnostics.</summary>
    internal Task<T> Query<T>(Func<MatchingEngine, T> read, CancellationToken ct = default) => Submit(null, (e, _) => read(e), ct);

    private async Task<T> Submit<T>(ExchangeCommand? command, Func<MatchingEngine, object?, T> project, CancellationToken ct)
    {
        if (_status is { IsRunning: false } stopped) throw new ExchangeStoppedException(stopped, _fault);
        var work = new Work(command, (e, raw) => project(e, raw));
        var started = Stopwatch.GetTimestamp();
        if (!_inbox.Writer.TryWrite(work))
        {
            // The inbox closes when the service is disposed, or when it stops between the check above and here.
            if (_status is { IsRunning: false } stoppedNow) throw new ExchangeStoppedException(stoppedNow, _fault);
            throw new ObjectDisposedException(nameof(ExchangeService));
        }
        if (command is null) return (T)(await work.Done.Task.WaitAsync(ct))!;
        object? answer;
        try
        {
            answer = await work.Done.Task.WaitAsync(ct);
        }
        catch
        {
            ExchangeMetrics.Record(command, started, ok: false);
            throw;
        }
        ExchangeMetrics.Record(command, started, ok: true);
        return (T)answer!;
    }

    private void Run()
    {
        var batch = new List<Work>(Math.Min(_options.MaxBatch, 4096));
        var reader = _inbox.Reader;
        while (true)
        {
            if (!reader.TryRead(out var first))
            {
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) return;
                continue;
            }
            batch.Add(first);
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var next)) batch.Add(next);
            try
            {
                Process(batch);
            }
            catch (Exception e)
            {
                var stopped = Stop($"a command batch failed: {e.Message}", e);
                _inbox.Writer.TryComplete();
                var refused = new ExchangeStoppedException(stopped, e);
                foreach (var work in batch) work.Done.TrySetException(refused);
                while (reader.TryRead(out var left)) left.Done.TrySetException(refused);
                return;
            }
            batch.Clear();
        }
    }

    private void Process(List<Work> batch)
    {
        var journaled = 0;
        foreach (var work in batch)
        {
            if (work.Command is null) continue;
            work.Time = _time.GetUtcNow().UtcTicks;
            _encoded.SetLength(0);
            work.Command.Write(_encoder);
            _encoder.Flush();
            _journal.Append(_journal.LastSequence + 1, work.Time, _encoded.GetBuffer().AsSpan(0, (int)_encoded.Length));
            journaled++;
        }
        // The group commit: one fsync makes the whole batch durable before any of it changes the state or is answered.
        _journal.Commit();
        foreach (var work in batch)
        {
            object? raw = null;
            if (work.Command is not null)
            {
                raw = work.Command.Apply(_engine, work.Time);
                Publish(work.Time);
            }
            work.Result = work.Project(_engine, raw);
        }
        _events.Signal();
        if (journaled > 0)
        {
            EnqueuePending();
            _commandsSinceSnapshot += journaled;
        }
        foreach (var work in batch) work.Done.TrySetResult(work.Result);
        if (_commandsSinceSnapshot >= _options.SnapshotEveryCommands && _snapshotWrite.IsCompleted) StartSnapshot();
    }

    private ExchangeStatus Stop(string reason, Exception cause)
    {
        _fault = cause;
        var stopped = new ExchangeStatus(ExchangeState.Stopped, reason, _time.GetUtcNow());
        _status = stopped;
        return stopped;
    }

    /// <summary>Serializes the state on the sequencer (fast, in memory), starts a new journal segment, and writes the file in the
    /// background once the market log holds every trade up to it; then drops what the previous snapshot made redundant.</summary>
    private Task StartSnapshot()
    {
        var sequence = _journal.LastSequence;
        var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(_lastEvent);
            _engine.WriteState(writer);
        }
        _journal.StartSegment();
        _commandsSinceSnapshot = 0;
        var previous = _snapshotWrite;
        _snapshotWrite = Task.Run(async () =>
        {
            // One writer at a time, in order, so an older snapshot never lands after a newer one.
            await previous.ContinueWith(_ => { }, TaskScheduler.Default);
            await _feed.WaitForAsync(sequence, CancellationToken.None);
            _snapshots.Write(sequence, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            // Keep the previous snapshot and the journal after it as a fallback should the newest file be damaged.
            var kept = _snapshots.Sequences();
            if (kept.Count < 2) return;
            _snapshots.DeleteOlderThan(kept[^2]);
            _journal.DeleteSegmentsThrough(kept[^2]);
        });
        return _snapshotWrite;
    }

    private void EnqueuePending()
    {
        _feed.Enqueue(_journal.LastSequence, _pendingTrades, _pendingEvents);
        _pendingTrades = [];
        _pendingEvents = [];
    }

    private void AddEvent(ExchangeEvent e)
    {
        _events.Add(e);
        if (ExchangeEventRecords.IsLogged(e)) _pendingEvents.Add(e);
    }

    /// <summary>Turns what the last command changed into events, market-log trades and logged events.</summary>
    private void Publish(long ticks)
    {
        var at = new DateTime(ticks, DateTimeKind.Utc);
        foreach (var fill in _engine.Fills)
        {
            var market = _engine.Markets[fill.Market];
            var trade = ToPublic(market, fill);
            var makerSide = fill.TakerSide == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
            AddEvent(new FillEvent(++_lastEvent, at, fill.TakerUserId, market.Symbol, fill.TradeId, fill.TakerOrderId, fill.TakerSide, false,
                trade.Price, trade.Quantity, Amounts.ToDecimal(fill.TakerFee)));
            AddEvent(new FillEvent(++_lastEvent, at, fill.MakerUserId, market.Symbol, fill.TradeId, fill.MakerOrderId, makerSide, true,
                trade.Price, trade.Quantity, Amounts.ToDecimal(fill.MakerFee)));
            AddEvent(new PublicTradeEvent(++_lastEvent, at, trade));
            _pendingTrades.Add(new Trade(InstrumentId.Of(Venues.Internal, market.Symbol), TradeId.Of(trade.TradeId),
                at, trade.Price, trade.Quantity, trade.QuoteQuantity, fill.TakerSide == OrderSide.Buy ? TakerSide.Buy : TakerSide.Sell));
        }
        foreach (var order in _engine.TouchedOrders) AddEvent(new OrderUpdatedEvent(++_lastEvent, at, _engine.View(order)));
        foreach (var change in _engine.TouchedWallets)
            AddEvent(new WalletChangedEvent(++_lastEvent, at, change.UserId, _engine.Balance(change.UserId, change.Asset)));
        foreach (var change in _engine.TouchedLevels)
            AddEvent(new BookChangedEvent(++_lastEvent, at, _engine.Markets[change.Market].Symbol, change.Side, _engine.Level(change)));
    }

    /// <summary>The cancel's answer; an unknown order or someone else's is not shown.</summary>
    private static CancelOrderResult CancelResult(MatchingEngine e, CancelOutcome outcome, long orderId) =>
        new(outcome, outcome is CancelOutcome.NotFound or CancelOutcome.NotOwner ? null : e.GetOrder(orderId));

    private static PlaceOrderResult PlaceResult(MatchingEngine e, PlaceOutcome outcome)
    {
        var trades = new List<OrderFill>(e.Fills.Count);
        foreach (var fill in e.Fills)
        {
            var market = e.Markets[fill.Market];
            trades.Add(new OrderFill(fill.TradeId, market.Price(fill.Price), market.Quantity(fill.Lots), Amounts.ToDecimal(fill.TakerFee)));
        }
        return new PlaceOrderResult(outcome.OrderId, outcome.Status, outcome.Reason, e.GetOrder(outcome.OrderId), trades);
    }

    private static PublicTrade ToPublic(MarketSpec market, Fill fill) => new(fill.TradeId, market.Symbol, market.Price(fill.Price),
        market.Quantity(fill.Lots), Amounts.ToDecimal(fill.Notional), fill.TakerSide, new DateTime(fill.Time, DateTimeKind.Utc));

    private static WalletBalances? Wallet(MatchingEngine engine, long userId) =>
        engine.Balances(userId) is { } balances ? new WalletBalances(userId, balances) : null;

    private static string HashKey(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        _sequencer.Join();
        try
        {
            await _snapshotWrite;
        }
        catch (Exception)
        {
            // A snapshot that failed to write is only a lost shortcut: the journal still holds everything after the previous one.
        }
        await _feed.DisposeAsync();
        _journal.Dispose();
        _encoder.Dispose();
    }

    private sealed class Work(ExchangeCommand? command, Func<MatchingEngine, object?, object?> project)
    {
        public readonly ExchangeCommand? Command = command;
        public readonly Func<MatchingEngine, object?, object?> Project = project;
        public readonly TaskCompletionSource<object?> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long Time;
        public object? Result;
    }
}
