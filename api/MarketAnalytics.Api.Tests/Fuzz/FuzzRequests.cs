using FsCheck;
using FsCheck.Fluent;

namespace MarketAnalytics.Api.Tests.Fuzz;

/// <summary>Generated requests for every endpoint of the API: analytics, candles, prices, health, metrics, jobs, reruns, markets,
/// users, wallets, fees, orders, replace, cancel, book, trades, streams, the market push, the dashboard and the Binance-compatible
/// API, plus wrong methods and unknown paths.</summary>
/// <remarks>Each request mixes valid and hostile values, so it gets past the first check often enough to reach the deeper ones.
/// <paramref name="userId"/> and <paramref name="orderId"/> are a real user's and a real open order's, so the ids in paths and
/// the keys reach the handlers.</remarks>
public sealed class FuzzRequests(long userId, long orderId)
{
    private static readonly string[] Times = ["\"2024-08-08T12:00:00Z\"", "\"2024-08-08T13:00:00Z\""];

    private static readonly (string, string[])[] OrderFields =
    [
        ("symbol", ["\"BTC-USDT\"", "\"ETH-USDT\""]), ("side", ["\"buy\"", "\"sell\""]), ("type", ["\"limit\"", "\"market\""]),
        ("price", ["100.00", "50000", "0.01", "\"100.5\""]), ("quantity", ["0.01", "1", "0.00001", "\"0.5\""]), ("funds", ["10", "100.5"]),
        ("time_in_force", ["\"gtc\"", "\"ioc\"", "\"fok\""]), ("post_only", ["false", "true"]), ("client_order_id", ["\"c-1\"", "\"c-2\""]),
        ("stp", ["\"cancel_newest\"", "\"cancel_both\"", "\"decrement\""]),
    ];

    private static readonly (string, string[])[] ReplaceFields =
        [("price", ["100.00", "99.99"]), ("quantity", ["0.01", "0.02"]), ("client_order_id", ["\"r-1\""])];

    private static readonly (string, string[])[] TransferFields =
        [("asset", ["\"USDT\"", "\"BTC\"", "\"ETH\""]), ("amount", ["1", "0.5", "1000.12345678"]), ("reference", ["\"ref-1\"", "\"ref-2\""])];

    private static readonly (string, string[])[] RerunFields =
    [
        ("from", Times), ("to", Times), ("symbols", ["[\"bitmex:XBTUSD\"]", "\"bitmex:XBTUSD\"", "null"]), ("interval", ["\"1m\"", "\"all\""]),
        ("dry_run", ["true", "false"]),
    ];

    private static readonly string[] Symbols = ["bitmex:XBTUSD", "XBTUSD", "internal:BTC-USDT", "BTC-USDT"];
    private static readonly string[] QueryTimes = ["2024-08-08T12:00:00Z", "1723118400000"];

    /// <summary>Any request, weighted so the exchange's body endpoints get the most.</summary>
    public Gen<FuzzRequest> Any => Gen.Frequency(
        (8, Analytics), (4, Candles), (2, Prices), (3, Jobs), (4, Reruns), (3, Markets), (1, Users), (6, Wallets), (12, Orders),
        (4, Replace), (3, Cancel), (2, Streams), (3, MarketPush), (4, BinanceMarket), (3, BinanceTrading),
        (2, Strays));

    private Gen<FuzzRequest> Get(string path, params (string, string[])[] parameters) =>
        from query in HostileValues.Query(parameters)
        from key in Key(FuzzKey.None)
        select new FuzzRequest("GET", path + query, key);

    private static Gen<FuzzKey> Key(FuzzKey usual) => Gen.Frequency((12, Gen.Constant(usual)), (1, Gen.Elements(Enum.GetValues<FuzzKey>())));

    private static Gen<FuzzRequest> Post(Gen<string> paths, FuzzKey key, (string, string[])[] fields) =>
        from path in paths
        from body in Gen.Frequency((5, HostileValues.ObjectBody(fields)), (1, HostileValues.RawBody))
        from contentType in HostileValues.ContentType
        from sent in Key(key)
        select new FuzzRequest("POST", path, sent, body, contentType);

    private Gen<FuzzRequest> Analytics => Gen.OneOf(
        Get("/transactions/last_6_hours", ("as_of", QueryTimes)),
        Get("/volume/last_6_hours", ("as_of", QueryTimes)),
        Get("/aggregated_stats/last_12_hours", ("as_of", QueryTimes)),
        Get("/trades/last_n_minutes", ("symbol", Symbols), ("minutes", ["5", "10080"]), ("as_of", QueryTimes)),
        Get("/top_cryptos_last_hour", ("top_n", ["3"]), ("as_of", QueryTimes)));

    private Gen<FuzzRequest> Candles => Gen.OneOf(
        Get("/api/v1/candles", ("symbol", Symbols), ("interval", ["1m", "1d"]), ("from", QueryTimes), ("to", QueryTimes),
            ("limit", ["10", "5000"]), ("format", ["json", "binance", "ccxt"])),
        Get("/api/v1/symbols"));

    private Gen<FuzzRequest> Prices => Gen.OneOf(Get("/current_price", ("symbol", Symbols)), Get("/health"), Get("/health/live"),
        Get("/health/ready"), Get("/metrics"));

    private Gen<FuzzRequest> Jobs => Gen.OneOf(Get("/api/v1/jobs"), Get("/jobs"), Get("/hangfire"));

    private static Gen<FuzzRequest> Reruns => Post(Gen.Constant("/api/v1/reruns"), FuzzKey.Admin, RerunFields);

    private Gen<FuzzRequest> Markets => Gen.OneOf(
        Get("/api/v1/markets"),
        from symbol in HostileValues.Segment("BTC-USDT", "ETH-USDT")
        from query in HostileValues.Query(("depth", ["10", "1000"]))
        select new FuzzRequest("GET", $"/api/v1/orderbook/{symbol}{query}", FuzzKey.None),
        from symbol in HostileValues.Segment("BTC-USDT", "ETH-USDT")
        from query in HostileValues.Query(("limit", ["10"]))
        select new FuzzRequest("GET", $"/api/v1/trades/{symbol}{query}", FuzzKey.None));

    private static Gen<FuzzRequest> Users => Key(FuzzKey.Admin).Select(key => new FuzzRequest("POST", "/api/v1/users", key));

    private Gen<FuzzRequest> Wallets => Gen.OneOf(
        from user in HostileValues.Segment(userId.ToString(), "1")
        from key in Key(FuzzKey.User)
        select new FuzzRequest("GET", $"/api/v1/wallets/{user}", key),
        from key in Key(FuzzKey.Admin)
        select new FuzzRequest("GET", "/api/v1/fees", key),
        Post(HostileValues.Segment(userId.ToString(), "1", "999999").SelectMany(u => Gen.Elements($"/api/v1/wallets/{u}/credit", $"/api/v1/wallets/{u}/debit")),
            FuzzKey.Admin, TransferFields));

    private static Gen<FuzzRequest> Orders => Gen.Frequency(
        (6, Post(Gen.Constant("/api/v1/orders"), FuzzKey.User, OrderFields)),
        (1, from query in HostileValues.Query(("status", ["open", "filled"]))
            from key in Key(FuzzKey.User)
            select new FuzzRequest("GET", "/api/v1/orders" + query, key)));

    private Gen<FuzzRequest> Replace => Post(
        HostileValues.Segment(orderId.ToString(), "1").Select(id => $"/api/v1/orders/{id}/replace"), FuzzKey.User, ReplaceFields);

    private Gen<FuzzRequest> Cancel =>
        from id in HostileValues.Segment("1", "2", "999999")
        from method in Gen.Elements("DELETE", "GET")
        from key in Key(FuzzKey.User)
        select new FuzzRequest(method, $"/api/v1/orders/{id}", key);

    private static Gen<FuzzRequest> Streams =>
        from query in HostileValues.Query(("symbols", ["BTC-USDT", "BTC-USDT,ETH-USDT"]))
        from lastEventId in Gen.Frequency((3, Gen.Constant<string?>(null)),
            (1, Gen.Elements<string?>("0", "-1", "1e3", "99999999999999999999", "9223372036854775807", "abc", "1 2", "")))
        from key in Key(FuzzKey.User)
        select new FuzzRequest("GET", "/api/v1/stream" + query, key, LastEventId: lastEventId);

    /// <summary>The market push (server-sent events, and the WebSocket path asked without an upgrade), its summary and the page.</summary>
    private Gen<FuzzRequest> MarketPush => Gen.OneOf(
        from query in HostileValues.Query(("symbols", ["bitmex:XBTUSD", "BTC-USDT,XBTUSD", "internal:BTC-USDT"]),
            ("channels", ["trades", "trades,candles,prices"]), ("interval", ["1m", "1d"]))
        from lastEventId in Gen.Frequency((3, Gen.Constant<string?>(null)),
            (1, Gen.Elements<string?>("0", "-1", "18446744073709551616", "abc", "")))
        select new FuzzRequest("GET", "/api/v1/market/stream" + query, FuzzKey.None, LastEventId: lastEventId),
        Get("/api/v1/market/ws", ("symbols", Symbols)),
        Get("/api/v1/market/summary", ("as_of", QueryTimes)),
        Get("/", ("symbol", Symbols), ("interval", ["1m", "5m"])));

    private static readonly string[] EpochMs = ["1628990000000", "1723118400000"];

    /// <summary>The Binance-compatible market data of every venue, with Binance's parameter names.</summary>
    private static Gen<FuzzRequest> BinanceMarket =>
        from venue in HostileValues.Segment("bitmex", "internal", "binanceusdm")
        from endpoint in Gen.Elements<(string Path, (string, string[])[] Parameters)>(
            ("ping", []), ("time", []), ("exchangeInfo", [("symbol", ["XBTUSD", "BTCUSDT"])]),
            ("klines", [("symbol", ["XBTUSD", "BTCUSDT"]), ("interval", ["1m", "1h", "1d"]), ("startTime", EpochMs), ("endTime", EpochMs),
                ("limit", ["500", "1000"])]),
            ("ticker/24hr", [("symbol", ["XBTUSD", "BTCUSDT"])]), ("ticker/price", [("symbol", ["XBTUSD"])]),
            ("ticker/bookTicker", [("symbol", ["BTCUSDT"])]), ("depth", [("symbol", ["BTCUSDT"]), ("limit", ["5", "100"])]),
            ("trades", [("symbol", ["XBTUSD"]), ("limit", ["500"])]),
            ("aggTrades", [("symbol", ["XBTUSD"]), ("fromId", ["1", "0"]), ("startTime", EpochMs), ("endTime", EpochMs), ("limit", ["10"])]))
        from query in HostileValues.Query(endpoint.Parameters)
        select new FuzzRequest("GET", $"/venues/{venue}/api/v3/{endpoint.Path}{query}", FuzzKey.None);

    private static readonly (string, string[])[] BinanceOrderParameters =
    [
        ("symbol", ["BTCUSDT", "ETHUSDT"]), ("side", ["BUY", "SELL"]), ("type", ["LIMIT", "MARKET", "LIMIT_MAKER"]),
        ("timeInForce", ["GTC", "IOC", "FOK"]), ("quantity", ["0.01", "1"]), ("quoteOrderQty", ["100"]), ("price", ["100.00", "50000"]),
        ("orderId", ["1", "2"]), ("timestamp", EpochMs), ("recvWindow", ["5000", "60000"]), ("signature", ["00", "abc"]),
    ];

    /// <summary>The Binance-compatible trading endpoints with the user's key: parameters in the query or as a form body, signed
    /// wrongly or not at all, so the key and signature checks meet every kind of request.</summary>
    private static Gen<FuzzRequest> BinanceTrading =>
        from endpoint in Gen.Elements(("POST", "order"), ("POST", "order/test"), ("DELETE", "order"), ("GET", "order"),
            ("GET", "openOrders"), ("GET", "allOrders"), ("GET", "account"), ("GET", "myTrades"))
        from query in HostileValues.Query(BinanceOrderParameters)
        from inBody in Gen.Elements(false, endpoint.Item1 == "POST")
        from key in Key(FuzzKey.User)
        select inBody
            ? new FuzzRequest(endpoint.Item1, $"/venues/internal/api/v3/{endpoint.Item2}", key, FuzzBody.Text(query.TrimStart('?')),
                "application/x-www-form-urlencoded")
            : new FuzzRequest(endpoint.Item1, $"/venues/internal/api/v3/{endpoint.Item2}{query}", key);

    /// <summary>Wrong methods on known paths and paths that do not exist, traversal included.</summary>
    private static Gen<FuzzRequest> Strays => Gen.OneOf(
        from method in Gen.Elements("PUT", "PATCH", "DELETE")
        from path in Gen.Elements("/api/v1/orders", "/api/v1/users", "/api/v1/reruns", "/api/v1/candles", "/current_price")
        select new FuzzRequest(method, path, FuzzKey.User, FuzzBody.Text("{}"), "application/json"),
        from segment in HostileValues.Segment("nothing-here")
        select new FuzzRequest("GET", $"/api/v1/{segment}", FuzzKey.None),
        Gen.Elements(
            new FuzzRequest("GET", "/../../etc/passwd", FuzzKey.None),
            new FuzzRequest("GET", "/api/v1/%2e%2e/%2e%2e/etc/passwd", FuzzKey.None),
            new FuzzRequest("GET", "/swagger/..%2f..%2fappsettings.json", FuzzKey.None),
            new FuzzRequest("GET", "/api/v1/orders/1/../../users", FuzzKey.User)));
}
