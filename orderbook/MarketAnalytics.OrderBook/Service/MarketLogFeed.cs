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
    private readonly IMarketLog log;
    private readonly IEventLog eventLog;
    private readonly ExchangeEventRecords records = new();
    private readonly Channel<(long Through, List<Trade> Trades, List<ExchangeEvent> Events)> queue =
        Channel.CreateUnbounded<(long, List<Trade>, List<ExchangeEvent>)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly Task pump;
    private long appendedThrough;

    public MarketLogFeed(IMarketLog log, IEventLog eventLog, long appendedThrough)
    {
        this.log = log;
        this.eventLog = eventLog;
        this.appendedThrough = appendedThrough;
        pump = Task.Run(PumpAsync);
    }

    public long AppendedThrough => Volatile.Read(ref appendedThrough);

    /// <summary>Queues the trades and logged events (see <see cref="ExchangeEventRecords.IsLogged"/>) of the commands up to journal
    /// sequence <paramref name="through"/> (possibly none).</summary>
    public void Enqueue(long through, List<Trade> trades, List<ExchangeEvent> events) => queue.Writer.TryWrite((through, trades, events));

    /// <summary>Completes when every trade through <paramref name="sequence"/> is in the log.</summary>
    public async Task WaitForAsync(long sequence, CancellationToken ct)
    {
        while (AppendedThrough < sequence) await Task.Delay(5, ct);
    }

    private async Task PumpAsync()
    {
        var trades = new List<Trade>();
        var logged = new List<LoggedEvent>();
        while (await queue.Reader.WaitToReadAsync())
        {
            // Everything queued so far goes in one append per topic: under load the sequencer's batches coalesce here, so the
            // log's fsyncs are shared by many of them.
            var through = AppendedThrough;
            while (queue.Reader.TryRead(out var item))
            {
                trades.AddRange(item.Trades);
                foreach (var e in item.Events) logged.Add(records.ToLogged(e));
                through = item.Through;
            }
            if (trades.Count > 0) await AppendUntilTakenAsync(() => log.AppendTradesAsync(trades, stopping.Token));
            if (logged.Count > 0) await AppendUntilTakenAsync(() => eventLog.AppendEventsAsync(logged, stopping.Token));
            trades.Clear();
            logged.Clear();
            Volatile.Write(ref appendedThrough, through);
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
            catch (Exception) when (!stopping.IsCancellationRequested)
            {
                // The log is the analytics' source of truth: keep the records and try again rather than lose them.
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond * 5));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        try
        {
            await pump.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // The log is down: what it lacks is still in the journal after the last snapshot and is re-appended at the next start.
        }
        await stopping.CancelAsync();
        stopping.Dispose();
    }
}
