using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>A request's parameters as Binance reads them: the query string and an <c>application/x-www-form-urlencoded</c> body
/// together (a name given twice is an error), plus the raw text of both, which is what a signature covers.</summary>
internal sealed class BinanceParameters
{
    private const string ItemKey = "binance-parameters";

    /// <summary>The largest body read; Binance's requests are a few hundred bytes.</summary>
    private const int MaxBody = 64 * 1024;

    private readonly Dictionary<string, string> _values;

    private BinanceParameters(Dictionary<string, string> values, string rawQuery, string rawBody)
    {
        _values = values;
        RawQuery = rawQuery;
        RawBody = rawBody;
    }

    /// <summary>The query string as sent, without its <c>?</c>.</summary>
    public string RawQuery { get; }

    /// <summary>The form body as sent (empty for none).</summary>
    public string RawBody { get; }

    public string? this[string name] => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Reads (once per request) the query and the form body.</summary>
    public static async Task<(BinanceParameters? Parameters, BinanceError? Error)> ReadAsync(HttpContext http)
    {
        if (http.Items[ItemKey] is BinanceParameters read) return (read, null);
        var request = http.Request;
        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var rawBody = "";
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (request.ContentLength > MaxBody) return (null, new BinanceError(400, -1100, $"The body is larger than {MaxBody} bytes."));
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var buffer = new char[MaxBody + 1];
            var length = await reader.ReadBlockAsync(buffer, http.RequestAborted);
            if (length > MaxBody) return (null, new BinanceError(400, -1100, $"The body is larger than {MaxBody} bytes."));
            rawBody = new string(buffer, 0, length);
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in new[] { rawQuery, rawBody })
        {
            foreach (var (name, value) in QueryHelpers.ParseQuery(part))
            {
                if (value.Count > 1 || !values.TryAdd(name, value.ToString())) return (null, BinanceError.Duplicate(name));
            }
        }
        var parameters = new BinanceParameters(values, rawQuery, rawBody);
        http.Items[ItemKey] = parameters;
        return (parameters, null);
    }

    /// <summary>The request's text a signature covers: the query string followed by the body, without the <c>signature</c>
    /// parameter itself.</summary>
    public string SignedText() => WithoutSignature(RawQuery) + WithoutSignature(RawBody);

    public bool TryRequired(string name, out string value, out BinanceError? error)
    {
        value = this[name] ?? "";
        error = value.Length == 0 ? BinanceError.Mandatory(name) : null;
        return error is null;
    }

    /// <summary>A whole number (epoch milliseconds, ids), null when absent.</summary>
    public bool TryLong(string name, long min, long max, out long? value, out BinanceError? error)
    {
        value = null;
        error = null;
        if (this[name] is not { } text) return true;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            value = number;
            return true;
        }
        error = BinanceError.Illegal(name, $"{min}..{max}");
        return false;
    }

    /// <summary>The latest time accepted, 9000-01-01: far enough from <see cref="DateTime.MaxValue"/> that a window of 1000 days
    /// after it is still a time.</summary>
    public const long MaxTime = 221845392000000;

    /// <summary>A time in epoch milliseconds (up to <see cref="MaxTime"/>), null when absent.</summary>
    public bool TryTime(string name, out DateTime? time, out BinanceError? error)
    {
        time = null;
        if (!TryLong(name, 0, MaxTime, out var ms, out error)) return false;
        if (ms is { } given) time = DateTime.UnixEpoch.AddMilliseconds(given);
        return true;
    }

    public bool TryInt(string name, int fallback, int min, int max, out int value, out BinanceError? error)
    {
        value = fallback;
        if (!TryLong(name, min, max, out var number, out error)) return false;
        if (number is { } given) value = (int)given;
        return true;
    }

    /// <summary>A positive or zero decimal amount such as <c>0.015</c>, null when absent.</summary>
    public bool TryDecimal(string name, out decimal? value, out BinanceError? error)
    {
        value = null;
        error = null;
        if (this[name] is not { } text) return true;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }
        error = BinanceError.Illegal(name, "a decimal number such as 0.015");
        return false;
    }

    private static string WithoutSignature(string raw)
    {
        if (!raw.Contains("signature=", StringComparison.Ordinal)) return raw;
        return string.Join('&', raw.Split('&').Where(p => !p.StartsWith("signature=", StringComparison.Ordinal)));
    }
}
