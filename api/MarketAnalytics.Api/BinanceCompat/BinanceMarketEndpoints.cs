using System.Text.Json;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>Binance's spot market-data endpoints for every venue under <c>/venues/{venue}/api/v3</c>, so a Binance client whose
/// base address is <c>http://host/venues/bitmex/api/v3</c> reads that venue's candles, prices, books and trades unchanged.</summary>
/// <remarks>Parameter names, defaults, limits and answers are Binance's; errors are Binance's <c>{code, msg}</c> (400 for bad input,
/// <c>-1121</c> for an unknown symbol, 404 for an unknown venue). Klines are the stored 1m/1h aggregates, rolled up by
/// <see cref="CandleQueries"/> exactly as <c>/api/v1/candles</c> does.</remarks>
internal static class BinanceMarketEndpoints
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 1000;
    public const int DefaultDepth = 100;
    public const int MaxDepth = 5000;

    public static RouteGroupBuilder MapBinanceMarketEndpoints(this RouteGroupBuilder venue)
    {
        venue.MapGet("/ping", () => BinanceJson.Ok(new Dictionary<string, object>())).WithSummary("{}");
        venue.MapGet("/time", (TimeProvider clock) => BinanceJson.Ok(new { serverTime = BinanceJson.Ms(clock.GetUtcNow().UtcDateTime) }))
            .WithSummary("{serverTime} in epoch milliseconds");
        venue.MapGet("/exchangeInfo", ExchangeInfo)
            .WithSummary("The venue's symbols (Binance spelling, assets, status, order types, permissions; internal markets with their filters); ?symbol= or ?symbols=[..]");
        venue.MapGet("/klines", Klines).WithSummary("Klines: symbol, interval (1m..1d), startTime, endTime (ms), limit (default 500, at most 1000)");
        venue.MapGet("/uiKlines", Klines).WithSummary("The same as klines");
        venue.MapGet("/ticker/24hr", Ticker24h).WithSummary("The 24 hours ending now, one symbol or all");
        venue.MapGet("/ticker/price", TickerPrice).WithSummary("The last trade price, one symbol or all");
        venue.MapGet("/ticker/bookTicker", BookTicker).WithSummary("The best bid and ask, one symbol or all");
        venue.MapGet("/depth", Depth).WithSummary("The internal exchange's book; other venues' last quote; limit (default 100, at most 5000)");
        venue.MapGet("/trades", Trades).WithSummary("Recent trades from the log; limit (default 500, at most 1000), fromId");
        venue.MapGet("/historicalTrades", Trades).WithSummary("The same as trades");
        venue.MapGet("/aggTrades", AggTrades).WithSummary("Aggregate trades from the log: fromId, startTime, endTime, limit");
        return venue;
    }

    private static async Task<IResult> ExchangeInfo(string venue, HttpContext http, VenueCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var (symbols, error) = await SelectedAsync(venue, http, catalog, ct);
        if (error is not null) return error;
        return BinanceJson.Ok(new
        {
            timezone = "UTC",
            serverTime = BinanceJson.Ms(clock.GetUtcNow().UtcDateTime),
            rateLimits = Array.Empty<object>(),
            exchangeFilters = Array.Empty<object>(),
            symbols = symbols!.Select(SymbolInfo).ToList(),
        });
    }

    private static Dictionary<string, object?> SymbolInfo(VenueSymbol s)
    {
        var tradable = s.Market is not null;
        var info = new Dictionary<string, object?> { ["symbol"] = s.Symbol, ["status"] = "TRADING" };
        if (s.BaseAsset is not null) info["baseAsset"] = s.BaseAsset;
        info["baseAssetPrecision"] = 8;
        if (s.QuoteAsset is not null) info["quoteAsset"] = s.QuoteAsset;
        info["quotePrecision"] = 8;
        info["quoteAssetPrecision"] = 8;
        info["baseCommissionPrecision"] = 8;
        info["quoteCommissionPrecision"] = 8;
        info["orderTypes"] = tradable ? new[] { "LIMIT", "LIMIT_MAKER", "MARKET" } : Array.Empty<string>();
        info["icebergAllowed"] = false;
        info["ocoAllowed"] = false;
        info["otoAllowed"] = false;
        info["quoteOrderQtyMarketAllowed"] = tradable;
        info["allowTrailingStop"] = false;
        info["cancelReplaceAllowed"] = false;
        info["isSpotTradingAllowed"] = tradable;
        info["isMarginTradingAllowed"] = false;
        info["filters"] = s.Market is { } m ? Filters(m) : Array.Empty<object>();
        info["permissions"] = tradable ? new[] { "SPOT" } : Array.Empty<string>();
        info["permissionSets"] = tradable ? new[] { new[] { "SPOT" } } : Array.Empty<string[]>();
        if (tradable)
        {
            info["defaultSelfTradePreventionMode"] = "EXPIRE_TAKER";
            info["allowedSelfTradePreventionModes"] = BinanceOrders.SelfTradePreventionModes;
        }
        return info;
    }

    /// <summary>The market's grid and minimum order value as Binance's filters; the maxima are the engine's own bounds
    /// (<see cref="OrderBounds"/>).</summary>
    private static object[] Filters(MarketOptions m) =>
    [
        new { filterType = "PRICE_FILTER", minPrice = BinanceJson.Number(m.TickSize), maxPrice = BinanceJson.Number(Amounts.MaxAmount), tickSize = BinanceJson.Number(m.TickSize) },
        new { filterType = "LOT_SIZE", minQty = BinanceJson.Number(m.LotSize), maxQty = BinanceJson.Number(Amounts.MaxAmount), stepSize = BinanceJson.Number(m.LotSize) },
        new
        {
            filterType = "NOTIONAL", minNotional = BinanceJson.Number(m.MinNotional), applyMinToMarket = true,
            maxNotional = BinanceJson.Number(Amounts.MaxAmount), applyMaxToMarket = true, avgPriceMins = 0,
        },
    ];

    private static async Task<IResult> Klines(
        string venue, HttpContext http, VenueCatalog catalog, IAggregateStore store, TimeProvider clock, CancellationToken ct)
    {
        var (parameters, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return error;
        var (symbol, symbolError) = await SymbolAsync(venue, parameters!, catalog, ct);
        if (symbolError is not null) return symbolError;
        if (!parameters!.TryRequired("interval", out var intervalText, out error)) return error!;
        if (!CandleInterval.TryParse(intervalText, out var interval)) return BinanceError.InvalidInterval();
        if (!parameters.TryTime("startTime", out var start, out error) || !parameters.TryTime("endTime", out var end, out error)
            || !parameters.TryInt("limit", DefaultLimit, 1, MaxLimit, out var limit, out error)) return error!;
        if (start > end) return BinanceError.StartAfterEnd();

        // Binance's windows: open time in [startTime, endTime], both inclusive (a startTime inside a window starts at the next one);
        // without startTime the newest `limit` up to endTime (or now); without endTime `limit` from startTime.
        var span = TimeSpan.FromTicks(interval.Ticks * limit);
        DateTime from, to;
        if (start is { } s)
        {
            from = interval.WindowStart(s);
            if (from < s) from += interval.Duration;
            to = end is { } e ? e.AddMilliseconds(1) : from + span;
        }
        else
        {
            to = end is { } e ? e.AddMilliseconds(1) : clock.GetUtcNow().UtcDateTime + interval.Duration;
            from = interval.WindowStart(to - span);
        }
        var candles = await store.QueryCandlesAsync(symbol!.Instrument, interval, from, to, ct);
        var page = start is not null ? candles.Take(limit) : candles.TakeLast(limit);
        return BinanceJson.Ok(page.Select(BinanceKline.Of).ToList());
    }

    private static async Task<IResult> Ticker24h(
        string venue, HttpContext http, VenueCatalog catalog, IAggregateStore store, VenuePrices prices, TimeProvider clock, CancellationToken ct)
    {
        var (symbols, error) = await SelectedAsync(venue, http, catalog, ct);
        if (error is not null) return error;
        var now = clock.GetUtcNow().UtcDateTime;
        var tickers = new List<Dictionary<string, object?>>();
        foreach (var symbol in symbols!) tickers.Add(await DayAsync(symbol, now, store, prices, ct));
        return Single(http) ? BinanceJson.Ok(tickers[0]) : BinanceJson.Ok(tickers);
    }

    /// <summary>The 24 hours ending at <paramref name="now"/>: the 1-minute aggregates whose windows start in them.</summary>
    private static async Task<Dictionary<string, object?>> DayAsync(
        VenueSymbol symbol, DateTime now, IAggregateStore store, VenuePrices prices, CancellationToken ct)
    {
        var from = now.AddDays(-1);
        var firstMinute = CandleInterval.OneMinute.WindowStart(from.AddTicks(TimeSpan.TicksPerMinute - 1));
        var minutes = await store.GetCandlesAsync(symbol.Instrument, CandleInterval.OneMinute, firstMinute, now.AddTicks(1), ct);
        var day = minutes.Count == 0 ? null : minutes.Skip(1).Aggregate(minutes[0], (all, m) => all.Merge(m, CandleInterval.OneMinute));
        var last = day?.Close ?? await prices.LastPriceAsync(symbol, ct) ?? 0m;
        var top = await prices.TopAsync(symbol, ct);
        var open = day?.Open ?? last;
        var change = last - open;
        return new Dictionary<string, object?>
        {
            ["symbol"] = symbol.Symbol,
            ["priceChange"] = BinanceJson.Number(change),
            ["priceChangePercent"] = BinanceJson.Number(open == 0 ? 0m : Math.Round(change / open * 100m, 3)),
            ["weightedAvgPrice"] = BinanceJson.Number(day is { Volume: > 0 } ? Math.Round(day.QuoteVolume / day.Volume, 8) : last),
            ["lastPrice"] = BinanceJson.Number(last),
            ["bidPrice"] = BinanceJson.Number(top.Bid ?? 0m),
            ["bidQty"] = BinanceJson.Number(top.BidQuantity ?? 0m),
            ["askPrice"] = BinanceJson.Number(top.Ask ?? 0m),
            ["askQty"] = BinanceJson.Number(top.AskQuantity ?? 0m),
            ["openPrice"] = BinanceJson.Number(open),
            ["highPrice"] = BinanceJson.Number(day?.High ?? last),
            ["lowPrice"] = BinanceJson.Number(day?.Low ?? last),
            ["volume"] = BinanceJson.Number(day?.Volume ?? 0m),
            ["quoteVolume"] = BinanceJson.Number(day?.QuoteVolume ?? 0m),
            ["openTime"] = BinanceJson.Ms(from),
            ["closeTime"] = BinanceJson.Ms(now),
            ["firstId"] = day is null ? -1L : BinanceJson.TradeId(day.FirstTradeId),
            ["lastId"] = day is null ? -1L : BinanceJson.TradeId(day.LastTradeId),
            ["count"] = day?.Count ?? 0L,
        };
    }

    private static async Task<IResult> TickerPrice(string venue, HttpContext http, VenueCatalog catalog, VenuePrices prices, CancellationToken ct)
    {
        var (symbols, error) = await SelectedAsync(venue, http, catalog, ct);
        if (error is not null) return error;
        var answers = new List<object>();
        foreach (var symbol in symbols!)
        {
            var price = await prices.LastPriceAsync(symbol, ct);
            answers.Add(new { symbol = symbol.Symbol, price = price is { } p ? BinanceJson.Number(p) : null });
        }
        return Single(http) ? BinanceJson.Ok(answers[0]) : BinanceJson.Ok(answers);
    }

    private static async Task<IResult> BookTicker(string venue, HttpContext http, VenueCatalog catalog, VenuePrices prices, CancellationToken ct)
    {
        var (symbols, error) = await SelectedAsync(venue, http, catalog, ct);
        if (error is not null) return error;
        var answers = new List<object>();
        foreach (var symbol in symbols!)
        {
            var top = await prices.TopAsync(symbol, ct);
            answers.Add(new
            {
                symbol = symbol.Symbol,
                bidPrice = BinanceJson.Number(top.Bid ?? 0m), bidQty = BinanceJson.Number(top.BidQuantity ?? 0m),
                askPrice = BinanceJson.Number(top.Ask ?? 0m), askQty = BinanceJson.Number(top.AskQuantity ?? 0m),
            });
        }
        return Single(http) ? BinanceJson.Ok(answers[0]) : BinanceJson.Ok(answers);
    }

    private static async Task<IResult> Depth(
        string venue, HttpContext http, VenueCatalog catalog, ExchangeService exchange, IPriceCache cache, CancellationToken ct)
    {
        var (parameters, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return error;
        var (symbol, symbolError) = await SymbolAsync(venue, parameters!, catalog, ct);
        if (symbolError is not null) return symbolError;
        if (!parameters!.TryInt("limit", DefaultDepth, 1, MaxDepth, out var limit, out error)) return error!;
        if (symbol!.Market is { } market && await exchange.GetOrderBookAsync(market.Symbol, limit, ct) is { } book)
            return BinanceJson.Ok(new { lastUpdateId = book.Sequence, bids = Levels(book.Bids), asks = Levels(book.Asks) });
        // Other venues: the last quote is the book this system keeps of them, one level a side.
        var reading = await cache.GetAsync(symbol.Instrument, ct);
        var price = reading.Price;
        return BinanceJson.Ok(new
        {
            lastUpdateId = price?.QuoteTime is { } time ? BinanceJson.Ms(time) : 0L,
            bids = Level(price?.BidPrice, price?.BidSize),
            asks = Level(price?.AskPrice, price?.AskSize),
        });
    }

    private static List<string[]> Levels(IReadOnlyList<BookLevel> levels) =>
        [.. levels.Select(l => new[] { BinanceJson.Number(l.Price), BinanceJson.Number(l.Quantity) })];

    private static List<string[]> Level(decimal? price, decimal? quantity) =>
        price is { } p && quantity is { } q ? [[BinanceJson.Number(p), BinanceJson.Number(q)]] : [];

    private static async Task<IResult> Trades(string venue, HttpContext http, VenueCatalog catalog, LoggedTrades log, CancellationToken ct)
    {
        var (query, error) = await ParseTradeQueryAsync(venue, http, catalog, allowTimes: false, ct);
        if (error is not null) return error;
        var trades = await query!.ReadAsync(log, query.Limit, ct);
        return BinanceJson.Ok(trades.Select(t => new
        {
            id = BinanceJson.TradeId(t.TradeId),
            price = BinanceJson.Number(t.Price),
            qty = BinanceJson.Number(t.BaseQuantity),
            quoteQty = BinanceJson.Number(t.QuoteQuantity),
            time = BinanceJson.Ms(t.Time),
            isBuyerMaker = t.Side == TakerSide.Sell,
            isBestMatch = true,
        }).ToList());
    }

    /// <summary>Binance's aggregate trades: consecutive trades with the same price, taker side and millisecond are one aggregate
    /// whose id <c>a</c> is its first trade's id; individually recorded trades mostly stay one aggregate each (<c>a = f = l</c>).</summary>
    /// <remarks><c>limit</c> counts aggregates, so trades are read in growing batches until there are more aggregates than asked
    /// (the one cut at the batch's edge is then dropped) or the log has no more.</remarks>
    private static async Task<IResult> AggTrades(string venue, HttpContext http, VenueCatalog catalog, LoggedTrades log, CancellationToken ct)
    {
        var (query, error) = await ParseTradeQueryAsync(venue, http, catalog, allowTimes: true, ct);
        if (error is not null) return error;
        for (var count = query!.Limit; ; count *= 2)
        {
            var trades = await query.ReadAsync(log, count, ct);
            var aggregates = Aggregates(trades);
            if (aggregates.Count <= query.Limit && trades.Count == count && count < MaxAggregateRead) continue;
            var page = query.Newest ? aggregates.TakeLast(query.Limit) : aggregates.Take(query.Limit);
            return BinanceJson.Ok(page.ToList());
        }
    }

    /// <summary>The most trades one <c>aggTrades</c> request reads to fill its aggregates.</summary>
    private const int MaxAggregateRead = 64 * MaxLimit;

    private static List<Dictionary<string, object>> Aggregates(IReadOnlyList<Trade> trades)
    {
        var aggregates = new List<Dictionary<string, object>>();
        var first = 0;
        for (var i = 1; i <= trades.Count; i++)
        {
            if (i < trades.Count && trades[i].Price == trades[first].Price && trades[i].Side == trades[first].Side
                && BinanceJson.Ms(trades[i].Time) == BinanceJson.Ms(trades[first].Time)) continue;
            aggregates.Add(new Dictionary<string, object>
            {
                ["a"] = BinanceJson.TradeId(trades[first].TradeId),
                ["p"] = BinanceJson.Number(trades[first].Price),
                ["q"] = BinanceJson.Number(trades.Skip(first).Take(i - first).Sum(t => t.BaseQuantity)),
                ["f"] = BinanceJson.TradeId(trades[first].TradeId),
                ["l"] = BinanceJson.TradeId(trades[i - 1].TradeId),
                ["T"] = BinanceJson.Ms(trades[first].Time),
                ["m"] = trades[first].Side == TakerSide.Sell,
                ["M"] = true,
            });
            first = i;
        }
        return aggregates;
    }

    /// <summary>What a <c>trades</c> or <c>aggTrades</c> request asks for: from an id, from a time, or the newest (before
    /// <c>endTime</c> when given).</summary>
    private sealed record TradeQuery(VenueSymbol Symbol, int Limit, long? FromId, DateTime? Start, DateTime To)
    {
        public bool Newest => FromId is null && Start is null;

        public Task<IReadOnlyList<Trade>> ReadAsync(LoggedTrades log, int count, CancellationToken ct) =>
            FromId is { } id ? log.FromIdAsync(Symbol.Instrument, id, To, count, ct)
            : Start is { } from ? log.RangeAsync(Symbol.Instrument, from, To, count, ct)
            : log.RecentAsync(Symbol.Instrument, To, count, ct);
    }

    private static async Task<(TradeQuery? Query, IResult? Error)> ParseTradeQueryAsync(
        string venue, HttpContext http, VenueCatalog catalog, bool allowTimes, CancellationToken ct)
    {
        var (parameters, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return (null, error);
        var (symbol, symbolError) = await SymbolAsync(venue, parameters!, catalog, ct);
        if (symbolError is not null) return (null, symbolError);
        if (!parameters!.TryInt("limit", DefaultLimit, 1, MaxLimit, out var limit, out error)
            || !parameters.TryLong("fromId", 0, long.MaxValue, out var fromId, out error)
            || !parameters.TryTime("startTime", out var start, out error) || !parameters.TryTime("endTime", out var end, out error))
            return (null, error);
        if (!allowTimes && (start ?? end) is not null)
            return (null, BinanceError.NotRequired(start is null ? "endTime" : "startTime", "trades takes fromId and limit; aggTrades takes times."));
        if (start > end) return (null, BinanceError.StartAfterEnd());
        if (fromId is not null && start is not null)
            return (null, new BinanceError(400, -1128, "Combination of optional parameters invalid: fromId with startTime."));
        return (new TradeQuery(symbol!, limit, fromId, start, end?.AddMilliseconds(1) ?? LoggedTrades.Latest), null);
    }

    /// <summary>The symbol named by <c>symbol</c>, or Binance's error.</summary>
    private static async Task<(VenueSymbol? Symbol, IResult? Error)> SymbolAsync(
        string venue, BinanceParameters parameters, VenueCatalog catalog, CancellationToken ct)
    {
        if (!parameters.TryRequired("symbol", out var text, out var error)) return (null, error);
        var symbols = await catalog.ListAsync(venue, ct);
        if (symbols is null) return (null, BinanceError.UnknownVenue(venue));
        var found = symbols.FirstOrDefault(s => string.Equals(s.Symbol, text, StringComparison.OrdinalIgnoreCase));
        return found is null ? (null, BinanceError.InvalidSymbol()) : (found, null);
    }

    /// <summary>The symbols an endpoint that serves one or all answers for: <c>symbol</c>, <c>symbols</c> (a JSON array) or all.</summary>
    private static async Task<(IReadOnlyList<VenueSymbol>? Symbols, IResult? Error)> SelectedAsync(
        string venue, HttpContext http, VenueCatalog catalog, CancellationToken ct)
    {
        var (parameters, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return (null, error);
        var all = await catalog.ListAsync(venue, ct);
        if (all is null) return (null, BinanceError.UnknownVenue(venue));
        if (parameters!["symbol"] is { } one)
        {
            if (parameters["symbols"] is not null) return (null, new BinanceError(400, -1128, "Combination of optional parameters invalid: symbol with symbols."));
            var found = all.FirstOrDefault(s => string.Equals(s.Symbol, one, StringComparison.OrdinalIgnoreCase));
            return found is null ? (null, BinanceError.InvalidSymbol()) : ([found], null);
        }
        if (parameters["symbols"] is not { } list) return (all, null);
        string[]? names;
        try
        {
            names = JsonSerializer.Deserialize<string[]>(list);
        }
        catch (JsonException)
        {
            names = null;
        }
        if (names is null || names.Length == 0) return (null, BinanceError.Illegal("symbols", "a JSON array of symbols such as [\"BTCUSDT\"]"));
        var selected = new List<VenueSymbol>();
        foreach (var name in names)
        {
            var found = all.FirstOrDefault(s => string.Equals(s.Symbol, name, StringComparison.OrdinalIgnoreCase));
            if (found is null) return (null, BinanceError.InvalidSymbol());
            selected.Add(found);
        }
        return (selected, null);
    }

    private static bool Single(HttpContext http) => !string.IsNullOrEmpty(http.Request.Query["symbol"]);
}
