using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Api.Endpoints.Validation;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The six analytics questions of the seed system, answered from the minute and hour aggregates.</summary>
/// <remarks>Every window is relative to <c>as_of</c> (default now): H is the hour containing it, M the minute. Instruments are
/// listed when they have trades in the window, with every hour of the window, zeros included.</remarks>
internal static class AnalyticsEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/transactions/last_6_hours", TransactionsLast6Hours).ValidateRequest().WithTags("Analytics")
            .WithSummary("Trades per hour over [H-7h, H-1h), per instrument");
        app.MapGet("/volume/last_6_hours", VolumeLast6Hours).ValidateRequest().WithTags("Analytics")
            .WithSummary("Base and quote volume per hour and in total over [H-7h, H-1h), per instrument");
        app.MapGet("/aggregated_stats/last_12_hours", AggregatedStatsLast12Hours).ValidateRequest().WithTags("Analytics")
            .WithSummary("Trades and volumes per hour over [H-12h, H), per instrument");
        app.MapGet("/trades/last_n_minutes", TradesLastNMinutes).ValidateRequest().WithTags("Analytics")
            .WithSummary("Trades of one instrument over [M-(N+1)m, M-1m)");
        app.MapGet("/top_cryptos_last_hour", TopCryptosLastHour).ValidateRequest().WithTags("Analytics")
            .WithSummary("Instruments ranked by quote volume over [M-60m, M), ties by symbol");
        return app;
    }

    /// <summary>The query of the hourly questions: <c>as_of</c>, the time the windows are relative to (default now).</summary>
    public sealed record AsOfQuery
    {
        [FromQuery(Name = "as_of"), QueryTime] public string? AsOf { get; init; }

        public DateTime AsOfOr(TimeProvider clock) => QueryParameters.Time(AsOf) ?? clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>The query of <c>/trades/last_n_minutes</c>: <c>symbol</c>, <c>minutes</c> (required) and <c>as_of</c>.</summary>
    public sealed record TradesQuery : IValidatableObject
    {
        public const int MaxMinutes = 10080;

        [FromQuery(Name = "symbol")] public string? Symbol { get; init; }
        [FromQuery(Name = "minutes"), WholeNumber(1, MaxMinutes)] public string? Minutes { get; init; }
        [FromQuery(Name = "as_of"), QueryTime] public string? AsOf { get; init; }

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (string.IsNullOrWhiteSpace(Minutes))
                yield return new ValidationResult($"minutes is required, a whole number from 1 to {MaxMinutes}", ["minutes"]);
        }
    }

    /// <summary>The query of <c>/top_cryptos_last_hour</c>: <c>top_n</c> (default 10) and <c>as_of</c>.</summary>
    public sealed record TopQuery
    {
        [FromQuery(Name = "top_n"), WholeNumber(1, 1000)] public string? TopN { get; init; }
        [FromQuery(Name = "as_of"), QueryTime] public string? AsOf { get; init; }
    }

    public sealed record HourCount(DateTime Hour, long NumTransactions);

    public sealed record HourVolume(DateTime Hour, decimal Volume, decimal QuoteVolume);

    public sealed record InstrumentVolume(decimal TotalVolume, decimal TotalQuoteVolume, IReadOnlyList<HourVolume> Hours);

    public sealed record HourStats(DateTime Hour, long NumTransactions, decimal TotalVolume, decimal TotalQuoteVolume);

    public sealed record TradeCount(string Symbol, int Minutes, long NumTrades, DateTime From, DateTime To);

    public sealed record RankedInstrument(string Symbol, decimal TotalVolume, decimal TotalQuoteVolume);

    public sealed record TopInstruments(IReadOnlyList<RankedInstrument> TopCryptocurrencies);

    private static async Task<Ok<Dictionary<string, List<HourCount>>>> TransactionsLast6Hours(
        [AsParameters] AsOfQuery query, IAggregateStore store, TimeProvider clock, CancellationToken ct)
    {
        var (from, to) = HoursBefore(query.AsOfOr(clock), 7, 1);
        var byInstrument = await HourlyAsync(store, from, to, ct);
        return TypedResults.Ok(byInstrument.ToDictionary(
            e => e.Key.ToString(),
            e => e.Value.Select(h => new HourCount(h.Hour, h.Candle?.Count ?? 0)).ToList()));
    }

    private static async Task<Ok<Dictionary<string, InstrumentVolume>>> VolumeLast6Hours(
        [AsParameters] AsOfQuery query, IAggregateStore store, TimeProvider clock, CancellationToken ct)
    {
        var (from, to) = HoursBefore(query.AsOfOr(clock), 7, 1);
        var byInstrument = await HourlyAsync(store, from, to, ct);
        return TypedResults.Ok(byInstrument.ToDictionary(
            e => e.Key.ToString(),
            e => new InstrumentVolume(
                e.Value.Sum(h => h.Candle?.Volume ?? 0m),
                e.Value.Sum(h => h.Candle?.QuoteVolume ?? 0m),
                e.Value.Select(h => new HourVolume(h.Hour, h.Candle?.Volume ?? 0m, h.Candle?.QuoteVolume ?? 0m)).ToList())));
    }

    private static async Task<Ok<Dictionary<string, List<HourStats>>>> AggregatedStatsLast12Hours(
        [AsParameters] AsOfQuery query, IAggregateStore store, TimeProvider clock, CancellationToken ct)
    {
        var (from, to) = HoursBefore(query.AsOfOr(clock), 12, 0);
        var byInstrument = await HourlyAsync(store, from, to, ct);
        return TypedResults.Ok(byInstrument.ToDictionary(
            e => e.Key.ToString(),
            e => e.Value.Select(h => new HourStats(h.Hour, h.Candle?.Count ?? 0, h.Candle?.Volume ?? 0m, h.Candle?.QuoteVolume ?? 0m)).ToList()));
    }

    private static async Task<Results<Ok<TradeCount>, ProblemHttpResult>> TradesLastNMinutes(
        [AsParameters] TradesQuery query, IAggregateStore store, InstrumentResolver resolver, TimeProvider clock, CancellationToken ct)
    {
        var n = QueryParameters.Int(query.Minutes)!.Value;
        var asOf = QueryParameters.Time(query.AsOf) ?? clock.GetUtcNow().UtcDateTime;
        var (instrument, notFound) = await resolver.ResolveAsync(query.Symbol, ct);
        if (notFound is not null) return notFound;

        var m = CandleInterval.OneMinute.WindowStart(asOf);
        var from = m.AddMinutes(-(n + 1));
        var to = m.AddMinutes(-1);
        var count = await CountTradesAsync(store, instrument, from, to, ct);
        return TypedResults.Ok(new TradeCount(instrument.ToString(), n, count, from, to));
    }

    private static async Task<Ok<TopInstruments>> TopCryptosLastHour([AsParameters] TopQuery query, IAggregateStore store, TimeProvider clock, CancellationToken ct)
    {
        var k = QueryParameters.Int(query.TopN) ?? 10;
        var asOf = QueryParameters.Time(query.AsOf) ?? clock.GetUtcNow().UtcDateTime;
        var m = CandleInterval.OneMinute.WindowStart(asOf);
        var minutes = await store.GetAllCandlesAsync(CandleInterval.OneMinute, m.AddMinutes(-60), m, ct);
        var ranked = minutes
            .GroupBy(c => c.Instrument)
            .Select(g => new RankedInstrument(g.Key.ToString(), g.Sum(c => c.Volume), g.Sum(c => c.QuoteVolume)))
            .OrderByDescending(r => r.TotalQuoteVolume)
            .ThenBy(r => r.Symbol, StringComparer.Ordinal)
            .Take(k)
            .ToList();
        return TypedResults.Ok(new TopInstruments(ranked));
    }

    /// <summary>[H - <paramref name="fromHoursBack"/>h, H - <paramref name="toHoursBack"/>h) for the hour H containing as_of.</summary>
    private static (DateTime From, DateTime To) HoursBefore(DateTime asOf, int fromHoursBack, int toHoursBack)
    {
        var h = CandleInterval.OneHour.WindowStart(asOf);
        return (h.AddHours(-fromHoursBack), h.AddHours(-toHoursBack));
    }

    /// <summary>Each instrument with trades in [from, to), with every hour of the range (null where it had none), ascending.</summary>
    private static async Task<SortedDictionary<InstrumentId, List<(DateTime Hour, Candle? Candle)>>> HourlyAsync(
        IAggregateStore store, DateTime from, DateTime to, CancellationToken ct)
    {
        var candles = await store.GetAllCandlesAsync(CandleInterval.OneHour, from, to, ct);
        var result = new SortedDictionary<InstrumentId, List<(DateTime, Candle?)>>();
        foreach (var group in candles.GroupBy(c => c.Instrument))
        {
            var byHour = group.ToDictionary(c => c.OpenTime);
            var hours = new List<(DateTime, Candle?)>();
            for (var hour = from; hour < to; hour = hour.AddHours(1)) hours.Add((hour, byHour.GetValueOrDefault(hour)));
            result.Add(group.Key, hours);
        }
        return result;
    }

    /// <summary>Counts trades in [from, to) from whole hours where it can and minutes at the ragged edges.</summary>
    private static async Task<long> CountTradesAsync(IAggregateStore store, InstrumentId instrument, DateTime from, DateTime to, CancellationToken ct)
    {
        var firstWholeHour = CandleInterval.OneHour.WindowStart(from.AddTicks(TimeSpan.TicksPerHour - 1));
        var lastWholeHour = CandleInterval.OneHour.WindowStart(to);
        if (firstWholeHour >= lastWholeHour)
            return (await store.GetCandlesAsync(instrument, CandleInterval.OneMinute, from, to, ct)).Sum(c => c.Count);
        var head = await store.GetCandlesAsync(instrument, CandleInterval.OneMinute, from, firstWholeHour, ct);
        var middle = await store.GetCandlesAsync(instrument, CandleInterval.OneHour, firstWholeHour, lastWholeHour, ct);
        var tail = await store.GetCandlesAsync(instrument, CandleInterval.OneMinute, lastWholeHour, to, ct);
        return head.Sum(c => c.Count) + middle.Sum(c => c.Count) + tail.Sum(c => c.Count);
    }
}
