using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.Market;

/// <summary>Turns what changed into push events: prices after recorded batches, candles after the aggregation job's commits (read
/// back from the store with <see cref="CandleQueries"/>, the code <c>/api/v1/candles</c> answers with, so a pushed candle is what
/// that endpoint answers), and the internal exchange's book changes.</summary>
/// <remarks>A candle is sent again with <c>closed: true</c> once the clock passes its window's end. Candles are pushed by a process
/// that runs the aggregation (<c>run</c>, <c>aggregate</c>+<c>api</c> together); an <c>api</c>-only process pushes trades, prices
/// and book changes of what it records itself.</remarks>
internal sealed partial class MarketEventPump(
    MarketHub hub,
    MarketChanges changes,
    AggregationJob aggregation,
    IAggregateStore store,
    IPriceCache prices,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<MarketEventPump> logger) : BackgroundService
{
    private static readonly TimeSpan CloseCheck = TimeSpan.FromSeconds(1);

    // The newest published candle per instrument and interval whose window had not ended when it was sent.
    private readonly Dictionary<(InstrumentId, CandleInterval), CandleMessage> _forming = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        aggregation.Committed += OnCommitted;
        try
        {
            var exchange = services.GetService<ExchangeService>();
            var book = exchange is null ? Task.CompletedTask : PumpBookAsync(exchange, stoppingToken);
            await Task.WhenAll(PumpChangesAsync(stoppingToken), book);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            aggregation.Committed -= OnCommitted;
        }
    }

    private void OnCommitted(TradeBatch batch) => changes.MarkCandles(batch.Trades);

    private async Task PumpChangesAsync(CancellationToken ct)
    {
        while (true)
        {
            await changes.WaitAsync(CloseCheck, clock, ct);
            var (priced, minutes) = changes.Take();
            try
            {
                foreach (var instrument in priced) await PublishPriceAsync(instrument, ct);
                foreach (var (instrument, touched) in minutes) await PublishCandlesAsync(instrument, touched, ct);
                PublishClosedCandles();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store or cache that is briefly unreachable must not end the push; the next change publishes afresh.
                LogPumpFailed(e);
            }
        }
    }

    private async Task PublishPriceAsync(InstrumentId instrument, CancellationToken ct)
    {
        if ((await prices.GetAsync(instrument, ct)).Price is not { } p) return;
        hub.Publish("price", new MarketKey(instrument, MarketChannels.Prices, null), new PriceEndpoints.PriceResponse(
            instrument.ToString(), p.BuyPrice, p.SellPrice, p.BidPrice, p.AskPrice, p.BidSize, p.AskSize, p.UpdatedAt));
    }

    private async Task PublishCandlesAsync(InstrumentId instrument, HashSet<DateTime> minutes, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var interval in CandleInterval.All)
        {
            var windows = minutes.Select(interval.WindowStart).ToHashSet();
            var candles = await store.QueryCandlesAsync(instrument, interval, windows.Min(), windows.Max() + interval.Duration, ct);
            foreach (var candle in candles)
            {
                if (!windows.Contains(candle.OpenTime)) continue;
                var message = CandleMessage.Of(candle, closed: candle.CloseTime <= now);
                hub.Publish("candle", new MarketKey(instrument, MarketChannels.Candles, interval.Name), message);
                var key = (instrument, interval);
                if (!message.Closed && (!_forming.TryGetValue(key, out var held) || held.OpenTime <= message.OpenTime)) _forming[key] = message;
            }
        }
    }

    private void PublishClosedCandles()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var ((instrument, interval), message) in _forming.Where(f => f.Value.OpenTime + f.Key.Item2.Duration <= now).ToList())
        {
            hub.Publish("candle", new MarketKey(instrument, MarketChannels.Candles, interval.Name), message with { Closed = true });
            _forming.Remove((instrument, interval));
        }
    }

    private async Task PumpBookAsync(ExchangeService exchange, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await foreach (var e in exchange.ReadEventsAsync(exchange.LastEventSequence, ct))
                {
                    if (e is not BookChangedEvent b) continue;
                    var instrument = InstrumentId.Of(Venues.Internal, b.Market);
                    hub.Publish("book", new MarketKey(instrument, MarketChannels.Book, null), new BookMessage(
                        instrument.ToString(), b.Side.SnakeCaseName(), b.Level.Price, b.Level.Quantity, b.Level.OrderCount, b.Time, b.Sequence));
                }
            }
            catch (EventsUnavailableException e)
            {
                // Fell behind the exchange's event buffer (a burst while this thread had no core): carry on from now; book
                // subscribers see the gap in the sequence and reload the book.
                LogBookGap(e.OldestAvailable);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Market push: publishing prices or candles failed; the next change publishes afresh")]
    private partial void LogPumpFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Market push: book changes before exchange event {Oldest} were no longer buffered; continuing from now")]
    private partial void LogBookGap(long oldest);
}
