namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>An error as Binance answers it: an HTTP status and <c>{"code": -1121, "msg": "Invalid symbol."}</c>.</summary>
/// <remarks>Codes and messages are Binance's own where Binance has one for the case, so clients built on it (ccxt maps the codes to
/// its exception classes) react as they would to Binance.</remarks>
internal sealed class BinanceError(int status, int code, string message) : IResult
{
    public int Status => status;

    public int Code => code;

    public string Message => message;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        return httpContext.Response.WriteAsJsonAsync(new Dictionary<string, object> { ["code"] = code, ["msg"] = message }, BinanceJson.Options);
    }

    public static BinanceError InvalidSymbol() => new(400, -1121, "Invalid symbol.");

    public static BinanceError UnknownVenue(string venue) => new(404, -1121, $"Unknown venue '{venue}'.");

    public static BinanceError Mandatory(string parameter) =>
        new(400, -1102, $"Mandatory parameter '{parameter}' was not sent, was empty/null, or malformed.");

    public static BinanceError Illegal(string parameter, string legal) =>
        new(400, -1100, $"Illegal characters found in parameter '{parameter}'; legal range is '{legal}'.");

    public static BinanceError NotRequired(string parameter, string why) => new(400, -1106, $"Parameter '{parameter}' sent when not required. {why}");

    public static BinanceError Duplicate(string parameter) => new(400, -1101, $"Duplicate values for parameter '{parameter}'.");

    public static BinanceError InvalidInterval() => new(400, -1120, "Invalid interval.");

    public static BinanceError StartAfterEnd() => new(400, -1023, "Start time is greater than end time.");

    public static BinanceError Rejected(string message) => new(400, -2010, message);

    public static BinanceError Filter(string filter) => new(400, -1013, $"Filter failure: {filter}");

    public static BinanceError UnknownOrderSent() => new(400, -2011, "Unknown order sent.");

    public static BinanceError OrderDoesNotExist() => new(400, -2013, "Order does not exist.");

    public static BinanceError BadSignature() => new(401, -1022, "Signature for this request is not valid.");
}
