using MarketAnalytics.Api.Auth;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>Binance's request signing for the trading endpoints: the user's API key in <c>X-MBX-APIKEY</c>, <c>timestamp</c> (epoch
/// ms) and optional <c>recvWindow</c> (default 5000, at most 60000), and <c>signature</c> = hex HMAC-SHA256 of the query string
/// followed by the form body (without the signature) under the user's API secret (<see cref="ApiSecrets"/>).</summary>
/// <remarks>Answers: no key -2014 and an unknown key -2015 (401); a timestamp more than 1 s ahead of the server or older than
/// <c>recvWindow</c> -1021 (401), so a captured request cannot be replayed after its window; a missing or wrong signature -1022
/// (401). The check order is Binance's: key, time, signature.</remarks>
internal static class SignedRequests
{
    public const string KeyHeader = "X-MBX-APIKEY";
    public const long DefaultRecvWindow = 5000;
    public const long MaxRecvWindow = 60000;

    private const string CallerItem = "binance-user";

    public static TBuilder RequireSignature<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var keys = factory.ApplicationServices.GetRequiredService<UserKeys>();
            var secrets = factory.ApplicationServices.GetRequiredService<ApiSecrets>();
            var clock = factory.ApplicationServices.GetRequiredService<TimeProvider>();
            return async context =>
            {
                var http = context.HttpContext;
                var key = http.Request.Headers[KeyHeader].ToString();
                if (key.Length == 0) return new BinanceError(401, -2014, "API-key format invalid.");
                if (keys.Authenticate(key) is not { } user) return new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
                var (parameters, error) = await BinanceParameters.ReadAsync(http);
                if (error is not null) return error;
                if (!parameters!.TryRequired("timestamp", out _, out error)
                    || !parameters.TryLong("timestamp", 0, long.MaxValue, out var timestamp, out error)
                    || !parameters.TryLong("recvWindow", 0, MaxRecvWindow, out var recvWindow, out error)) return error;
                var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                if (timestamp >= now + 1000)
                    return new BinanceError(401, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
                if (now - timestamp > (recvWindow ?? DefaultRecvWindow))
                    return new BinanceError(401, -1021, "Timestamp for this request is outside of the recvWindow.");
                if (parameters["signature"] is not { } signature || !secrets.Verify(key, parameters.SignedText(), signature))
                    return BinanceError.BadSignature();
                http.Items[CallerItem] = user;
                return await next(context);
            };
        });

    /// <summary>The user whose signed request <see cref="RequireSignature"/> accepted.</summary>
    public static long Caller(HttpContext http) => (long)http.Items[CallerItem]!;
}
