using System.Threading.Channels;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>Appends the exchange's trades to the market log, in journal order, after they are journaled; retries until the log
/// takes them.</summary>
/// <remarks>Runs behind the sequencer so a slow log never delays orders. <see cref="AppendedThrough"/> is the journal sequence up to
/// which every trade is in the log; a snapshot is only written once the log has caught up with it, so the journal after the newest
/// snapshot always covers the trades the log may lack. After a crash, replay re-appends those trades and the log's idempotent append
/// (by venue, symbol and trade id) drops the ones it already has.</remarks>
internal sealed class MarketLogFeed : IAsyncDisposable
{
    private readonly IMarketLog log;
    private readonly Channel<(long Through, List<Trade> Trades)> queue =
        Channel.CreateUnbounded<(long, List<Trade>)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly Task pump;
    private long appendedThrough;

    public MarketLogFeed(IMarketLog log, long appendedThrough)
    {
        this.log = log;
        this.appendedThrough = appendedThrough;
        pump = Task.Run(PumpAsync);
    }

    public long AppendedThrough => Volatile.Read(ref appendedThrough);

    /// <summary>Queues the trades of the commands up to journal sequence <paramref name="through"/> (possibly none).</summary>
    public void Enqueue(long through, List<Trade> trades) => queue.Writer.TryWrite((through, trades));

    /// <summary>Completes when every trade through <paramref name="sequence"/> is in the log.</summary>
    public async Task WaitForAsync(long sequence, CancellationToken ct)
    {
        while (AppendedThrough < sequence) await Task.Delay(5, ct);
    }

    private async Task PumpAsync()
    {
        await foreach (var (through, trades) in queue.Reader.ReadAllAsync())
        {
            var delay = TimeSpan.FromMilliseconds(50);
            while (trades.Count > 0)
            {
                try
                {
                    await log.AppendTradesAsync(trades, stopping.Token);
                    break;
                }
                catch (Exception) when (!stopping.IsCancellationRequested)
                {
                    // The log is the analytics' source of truth: keep the trades and try again rather than lose them.
                    await Task.Delay(delay);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond * 5));
                }
            }
            Volatile.Write(ref appendedThrough, through);
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
