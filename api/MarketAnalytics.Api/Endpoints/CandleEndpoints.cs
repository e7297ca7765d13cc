using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.BinanceCompat;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Candles of any served interval (1m and 1h stored, the others rolled up at query time) and the list of instruments.</summary>
internal static class CandleEndpoints
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 5000;

    public static IEndpointRouteBuilder MapCandleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/candles", Candles).WithTags("Candles")
            .WithSummary("Candles of one instrument; format=json (default), binance (kline arrays) or ccxt ([ms, o, h, l, c, v])");
        app.MapGet("/api/v1/symbols", Symbols).WithTags("Candles").WithSummary("Every instrument with aggregated trades");
        return app;
    }

    public sealed record CandleResponse(
        string Symbol, string Interval, DateTime OpenTime, DateTime CloseTime,
        decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, decimal QuoteVolume, long Trades,
        decimal TakerBuyVolume, decimal TakerBuyQuoteVolume, decimal? Vwap, DateTime FirstTradeTime, DateTime LastTradeTime)
    {
        public static CandleResponse Of(Candle c) => new(
            c.Instrument.ToString(), c.Interval.Name, c.OpenTime, c.CloseTime, c.Open, c.High, c.Low, c.Close, c.Volume, c.QuoteVolume,
            c.Count, c.TakerBuyVolume, c.TakerBuyQuoteVolume, c.Vwap, c.FirstTradeTime, c.LastTradeTime);
    }

    public sealed record SymbolResponse(string Symbol, string Venue, string Name);

    private static async Task<IResult> Candles(
        string? symbol, string? interval, string? from, string? to, string? limit, string? format,
        IAggregateStore store, InstrumentResolver resolver, TimeProvider clock, CancellationToken ct)
    {
        if (!QueryParameters.TryInterval(interval, out var length, out var error)) return error!;
        if (!QueryParameters.TryInt("limit", limit, DefaultLimit, 1, MaxLimit, out var max, out error)) return error!;
        if (format is not (null or "" or "json" or "binance" or "ccxt"))
            return QueryErrors.BadParameter("format", $"'{format}' is not one of json, binance, ccxt");
        var window = CandleWindow.Resolve(from, to, length, max, clock);
        if (window.Error is not null) return window.Error;
        var (instrument, notFound) = await resolver.ResolveAsync(symbol, ct);
        if (notFound is not null) return notFound;

        var candles = await store.QueryCandlesAsync(instrument, length, window.From, window.To, ct);
        var page = window.FromGiven ? candles.Take(max) : candles.TakeLast(max);
        return format switch
        {
            "binance" => TypedResults.Ok(page.Select(BinanceKline.Of).ToList()),
            "ccxt" => TypedResults.Ok(page.Select(c => new object[] { BinanceJson.Ms(c.OpenTime), c.Open, c.High, c.Low, c.Close, c.Volume }).ToList()),
            _ => TypedResults.Ok(page.Select(CandleResponse.Of).ToList()),
        };
    }

    private static async Task<IResult> Symbols(IAggregateStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.GetInstrumentsAsync(ct)).Select(i => new SymbolResponse(i.ToString(), i.Venue, i.Symbol)).ToList());


    /// <summary>The [from, to) range of a candle request: both given, one given and <c>limit</c> windows from it, or the latest.</summary>
    private readonly record struct CandleWindow(DateTime From, DateTime To, bool FromGiven, IResult? Error)
    {
        public static CandleWindow Resolve(string? from, string? to, CandleInterval interval, int limit, TimeProvider clock)
        {
            var span = TimeSpan.FromTicks(interval.Ticks * limit);
            var now = clock.GetUtcNow().UtcDateTime;
            if (!QueryParameters.TryTime("from", from, DateTime.MinValue, out var start, out var error) ||
                !QueryParameters.TryTime("to", to, DateTime.MinValue, out var end, out error))
                return new CandleWindow(default, default, false, error);
            var fromGiven = start != DateTime.MinValue;
            var toGiven = end != DateTime.MinValue;
            if (!toGiven) end = fromGiven ? Min(start + span, DateTime.MaxValue - span) : now + interval.Duration;
            if (!fromGiven) start = end - span;
            if (start >= end)
                return new CandleWindow(default, default, false, QueryErrors.BadParameter("from", "from must be before to"));
            return new CandleWindow(interval.WindowStart(start), end, fromGiven, null);
        }

        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    }
}
