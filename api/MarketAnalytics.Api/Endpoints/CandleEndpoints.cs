using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.BinanceCompat;
using MarketAnalytics.Api.Endpoints.Validation;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Candles of any served interval (1m and 1h stored, the others rolled up at query time) and the list of instruments.</summary>
internal static class CandleEndpoints
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 5000;

    public static IEndpointRouteBuilder MapCandleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/candles", Candles).ValidateRequest().WithTags("Candles")
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

    /// <summary>The query of <c>GET /api/v1/candles</c>: <c>symbol</c>, <c>interval</c> (default 1m), the range <c>from</c> and
    /// <c>to</c> (either, both or neither), <c>limit</c> windows (default <see cref="DefaultLimit"/>) and the answer's <c>format</c>.</summary>
    public sealed record CandlesQuery : IValidatableObject
    {
        [FromQuery(Name = "symbol")] public string? Symbol { get; init; }
        [FromQuery(Name = "interval"), CandleIntervalName] public string? Interval { get; init; }
        [FromQuery(Name = "from"), QueryTime] public string? From { get; init; }
        [FromQuery(Name = "to"), QueryTime] public string? To { get; init; }
        [FromQuery(Name = "limit"), WholeNumber(1, MaxLimit)] public string? Limit { get; init; }
        [FromQuery(Name = "format"), OneOf("json", "binance", "ccxt")] public string? Format { get; init; }

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (QueryParameters.Time(From) is { } from && QueryParameters.Time(To) is { } to && from >= to)
                yield return new ValidationResult("from must be before to", ["from"]);
        }
    }

    private static async Task<Results<Ok<List<CandleResponse>>, Ok<List<object[]>>, ProblemHttpResult>> Candles(
        [AsParameters] CandlesQuery query, IAggregateStore store, InstrumentResolver resolver, TimeProvider clock, CancellationToken ct)
    {
        var length = QueryParameters.Interval(query.Interval);
        var max = QueryParameters.Int(query.Limit) ?? DefaultLimit;
        var window = CandleWindow.Resolve(QueryParameters.Time(query.From), QueryParameters.Time(query.To), length, max, clock);
        var (instrument, notFound) = await resolver.ResolveAsync(query.Symbol, ct);
        if (notFound is not null) return notFound;

        var candles = await store.QueryCandlesAsync(instrument, length, window.From, window.To, ct);
        var page = window.FromGiven ? candles.Take(max) : candles.TakeLast(max);
        return query.Format switch
        {
            "binance" => TypedResults.Ok(page.Select(BinanceKline.Of).ToList()),
            "ccxt" => TypedResults.Ok(page.Select(c => new object[] { BinanceJson.Ms(c.OpenTime), c.Open, c.High, c.Low, c.Close, c.Volume }).ToList()),
            _ => TypedResults.Ok(page.Select(CandleResponse.Of).ToList()),
        };
    }

    private static async Task<Ok<List<SymbolResponse>>> Symbols(IAggregateStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.GetInstrumentsAsync(ct)).Select(i => new SymbolResponse(i.ToString(), i.Venue, i.Symbol)).ToList());

    /// <summary>The [from, to) range of a candle request: both given, one given and <c>limit</c> windows from it, or the latest.</summary>
    /// <remarks>With both given, <see cref="CandlesQuery"/> has checked that from is before to; with one, the other is computed
    /// on its side of it.</remarks>
    private readonly record struct CandleWindow(DateTime From, DateTime To, bool FromGiven)
    {
        public static CandleWindow Resolve(DateTime? from, DateTime? to, CandleInterval interval, int limit, TimeProvider clock)
        {
            var span = TimeSpan.FromTicks(interval.Ticks * limit);
            var end = to ?? (from is { } start ? Min(start + span, DateTime.MaxValue - span) : clock.GetUtcNow().UtcDateTime + interval.Duration);
            return new CandleWindow(interval.WindowStart(from ?? end - span), end, from is not null);
        }

        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    }
}
