namespace MarketAnalytics.Core.Ports;

/// <summary>The port to the durable log of raw trades and quotes, the source of truth everything else is derived from.</summary>
/// <remarks>Records are partitioned by instrument, so one instrument's records keep their order. Appends are idempotent per trade:
/// a trade whose (venue, symbol, trade id) is already in the log is dropped and counted as a duplicate, across reconnects and
/// restarts. An append returns only once its records are durable.</remarks>
public interface IMarketLog : IAsyncDisposable
{
    ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct);

    ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct);

    /// <summary>The newest trade of <paramref name="instrument"/> the log holds (latest exchange time, ties broken by
    /// <see cref="TradeOrder"/>), or null when it holds none. A REST gap-fill reads the venue's history from there.</summary>
    /// <remarks>Includes trades appended but not yet acknowledged as durable; an append that fails makes the log recompute it.</remarks>
    ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct);

    /// <summary>Opens a consumer of the trades; <paramref name="resume"/> tells where to continue in each partition it is given.</summary>
    ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume);
}
