using System.Threading.Channels;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>Appends the exchange's trades to the market log and its order and wallet events to the log's event topics, in journal
/// order, after they are journaled; retries until the log takes them.</summary>
/// <remarks>Runs behind the sequencer so a slow log never delays orders (the events are turned into JSON here, not on the
/// sequencer). <see cref="AppendedThrough"/> is the journal sequence up to which every trade and event is in the log; a snapshot is
/// only written once the log has caught up with it, so the journal after the newest snapshot always covers what the log may lack.
/// After a crash, replay re-appends those trades and events, and the log's idempotent appends (trades by venue, symbol and trade
/// id; events by sequence per partition) drop the ones it already has.</remarks>
internal sealed class MarketLogFeed : IAsyncDisposable
{
    private readonly IMarketLog _log;
    private readonly IEventLog _eventLog;
    private readonly ExchangeEventRecords _records = new();
    private readonly Channel<(long Through, List<Trade> Trades, List<ExchangeEvent> Events)> _queue =
        Channel.CreateUnbounded<(long, List<Trade>, List<ExchangeEvent>)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pump;
    private long _appendedThrough;

    public MarketLogFeed(IMarketLog log, IEventLog eventLog, long appendedThrough)
    {
        _log = log;
        _eventLog = eventLog;
        _appendedThrough = appendedThrough;
        _pump = Task.Run(PumpAsync);
    }

    public long AppendedThrough => Volatile.Read(ref _appendedThrough);

    /// <summary>Queues the trades and logged events (see <see cref="ExchangeEventRecords.IsLogged"/>) of the commands up to journal
    /// sequence <paramref name="through"/> (possibly none).</summary>
    public void Enqueue(long through, List<Trade> trades, List<ExchangeEvent> events) => _queue.Writer.TryWrite((through, trades, events));

    /// <summary>Completes when every trade through <paramref name="sequence"/> is in the log.</summary>
    public async Task WaitForAsync(long sequence, CancellationToken ct)
    {
        while (AppendedThrough < sequence) await Task.Delay(5, ct);
    }

    private async Task PumpAsync()
    {
        var trades = new List<Trade>();
        var logged = new List<LoggedEvent>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            // Everything queued so far goes in one append per topic: under load the sequencer's batches coalesce here, so the
            // log's fsyncs are shared by many of them.
            var through = AppendedThrough;
            while (_queue.Reader.TryRead(out var item))
            {
                trades.AddRange(item.Trades);
                foreach (var e in item.Events) logged.Add(_records.ToLogged(e));
                through = item.Through;
            }
            if (trades.Count > 0) await AppendUntilTakenAsync(() => _log.AppendTradesAsync(trades, _stopping.Token));
            if (logged.Count > 0) await AppendUntilTakenAsync(() => _eventLog.AppendEventsAsync(logged, _stopping.Token));
            trades.Clear();
            logged.Clear();
            Volatile.Write(ref _appendedThrough, through);
        }
    }

    private async Task AppendUntilTakenAsync(Func<ValueTask<AppendResult>> append)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await append();
                return;
            }
            catch (Exception) when (!_stopping.IsCancellationRequested)
            {
                // The log is the analytics' source of truth: keep the records and try again rather than lose them.
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond * 5));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _pump.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The log is down: what it lacks is still in the journal after the last snapshot and is re-appended at the next start.
        }
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }
}
