using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Service;
using Microsoft.Extensions.FileProviders;

namespace MarketAnalytics.Api.Market;

/// <summary>The market dashboard at <c>/</c> (the page and its scripts, with lightweight-charts, from <c>market/</c> beside the
/// executable) and the instrument summary it lists.</summary>
internal static class MarketDashboardEndpoints
{
    /// <summary>Where the build puts the page's files (see the project file: the page, and lightweight-charts from npm).</summary>
    public static string PageDirectory => Path.Combine(AppContext.BaseDirectory, "market");

    public static WebApplication MapMarketDashboard(this WebApplication app)
    {
        if (!Directory.Exists(PageDirectory))
            throw new InvalidOperationException($"the market page's files are missing from {PageDirectory}; rebuild the project (it runs npm ci)");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(PageDirectory), RequestPath = "/market" });
        app.MapGet("/", () => TypedResults.PhysicalFile(Path.Combine(PageDirectory, "index.html"), "text/html; charset=utf-8"))
            .ExcludeFromDescription();
        app.MapGet("/api/v1/market/summary", SummaryAsync).WithTags("Market push")
            .WithSummary("Every instrument (with aggregates, and the internal markets) with last price, 24 h change, high, low, volumes and trades");
        return app;
    }

    private static async Task<List<InstrumentSummary>> SummaryAsync(
        IAggregateStore store, IPriceCache prices, TimeProvider clock, IServiceProvider services, CancellationToken ct)
    {
        var instruments = (await store.GetInstrumentsAsync(ct)).ToHashSet();
        if (services.GetService<ExchangeService>() is { } exchange)
            instruments.UnionWith(exchange.Markets.Select(m => InstrumentId.Of(Venues.Internal, m.Symbol)));
        var summaries = new List<InstrumentSummary>();
        foreach (var instrument in instruments.Order())
        {
            // Anchored at the newest trade rather than now, so a recorded session shows its own last day.
            var newest = (await prices.GetAsync(instrument, ct)).Price?.UpdatedAt ?? clock.GetUtcNow().UtcDateTime;
            var hour = CandleInterval.OneHour.WindowStart(newest);
            var candles = await store.QueryCandlesAsync(instrument, CandleInterval.OneHour, hour.AddHours(-23), hour.AddHours(1), ct);
            summaries.Add(Summarize(instrument, candles));
        }
        return summaries;
    }

    private static InstrumentSummary Summarize(InstrumentId instrument, IReadOnlyList<Candle> candles)
    {
        if (candles.Count == 0) return new InstrumentSummary(instrument.ToString(), instrument.Venue, null, null, null, null, null, null, null, 0m, 0m, 0);
        var open = candles[0].Open;
        var last = candles[^1].Close;
        return new InstrumentSummary(
            instrument.ToString(), instrument.Venue, candles[^1].LastTradeTime, last, open, last - open,
            open == 0m ? null : Math.Round((last - open) / open * 100m, 2, MidpointRounding.AwayFromZero),
            candles.Max(c => c.High), candles.Min(c => c.Low), candles.Sum(c => c.Volume), candles.Sum(c => c.QuoteVolume), candles.Sum(c => c.Count));
    }
}
