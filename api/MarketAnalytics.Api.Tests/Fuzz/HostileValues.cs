using System.Globalization;
using System.Text;
using FsCheck.Fluent;
using FsCheck;

namespace MarketAnalytics.Api.Tests.Fuzz;

/// <summary>Generators of the values a hostile but fair user sends: extreme and over-precise numbers, <c>NaN</c>/<c>Infinity</c>,
/// <c>-0</c>, years 1 and 9999 and epoch-looking numbers, unicode and control characters, lone surrogates, path traversal and
/// SQL-ish text, as query text (percent-encoded) and as raw JSON values.</summary>
public static class HostileValues
{
    private static readonly string[] Numbers =
    [
        "0", "-0", "-0.0", "0.0", "-1", "1", "1e308", "-1e308", "1e-400", "1E+400", "1e24", "1e21", "1e27", "1e28", "1e29", "-1e27",
        "79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950335",
        "1000000000000000000000000000", "0.0000000000000000000000000001", "0.00000000000000000000000000001",
        "0.010000000000000000000000000001", "100.000000000000000000000000001", "123456789012345678901234567890.5",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616", "2147483648", "-2147483649",
        "253402300799999", "253402300800000", "-62135596800000", "1e13", "1700000000", "1700000000000", "1700000000000000000",
        "0.00000001", "0.000000001", "1.5e-7", "4.9e-324", "1.7976931348623157e308", "100.001", "99999999999.99",
    ];

    private static readonly string[] Words =
    [
        "", " ", "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "null", "true", "undefined", "0x10", "1_000", "1,5", "１２３",
        "0001-01-01T00:00:00Z", "0001-01-01T00:30:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z", "0000-00-00T00:00:00Z",
        "1969-12-31T23:59:59Z", "2100-01-01T00:00:01Z", "2024-02-30T00:00:00Z", "2024-08-08T25:00:00Z", "2024-08-08T12:00:00+14:00",
        "2024-08-08T12:00:00-99:00", "2024-08-08", "yesterday", "now",
        "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f", "/api/v1/orders", "....//....//",
        "' OR '1'='1", "'; DROP TABLE trades; --", "1; DELETE FROM wallets", "\" OR \"\"=\"", "UNION SELECT * FROM users",
        "<script>alert(1)</script>", "${jndi:ldap://x}", "{{7*7}}", "%s%s%s%n", "\\", "\"", "'", ",", ";", "&", "=", "#", "?",
        "\u0000", "\u0001\u0002\u001f", "\t\r\n", "\u007f", "\u0085", "\u00a0", "\u200b", "\u202e", "\ufeff", "\uffff", "\ufffe",
        "🚀", "👨‍👩‍👧‍👦", "e\u0301", "Ω≈ç√∫", "日本語", "مرحبا", "BTC\u0000-USDT", "btc-usdt", "BTC-USDT ", " BTC-USDT",
        "\ud800", "\udc00", "\udbff\udbff", "a\ud800b", "\udfff\ud800",
    ];

    /// <summary>A value that is valid somewhere in the API, so generated requests also get past the first check.</summary>
    private static readonly string[] Plausible =
    [
        "BTC-USDT", "ETH-USDT", "internal:BTC-USDT", "bitmex:XBTUSD", "XBTUSD", "USDT", "BTC", "buy", "sell", "limit", "market", "gtc",
        "ioc", "fok", "cancel_newest", "decrement", "open", "filled", "1m", "1h", "1d", "all", "json", "binance", "ccxt", "integrity",
        "rerun", "5", "10", "5000", "10080", "2024-08-08T12:00:00Z", "1723118400000",
    ];

    /// <summary>Any text a hostile user might put in a parameter.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (4, Gen.Elements(Numbers)),
        (5, Gen.Elements(Words)),
        (3, Gen.Elements(Plausible)),
        (2, LongDigits()),
        (1, Gen.Choose(1, 3).Select(n => new string('A', n * 5000))),
        (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")),
        (1, ArbMap.Default.GeneratorFor<long>().Select(n => n.ToString(CultureInfo.InvariantCulture))));

    /// <summary>30 to 60 digit decimals, with and without a point.</summary>
    private static Gen<string> LongDigits() =>
        from length in Gen.Choose(30, 60)
        from digits in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
        from point in Gen.Choose(0, length)
        from negative in ArbMap.Default.GeneratorFor<bool>()
        select (negative ? "-" : "") + "1" + new string(digits, 0, point) + (point < length ? "." + new string(digits, point, length - point) : "");

    /// <summary>A raw JSON value: a number literal (also ones JSON forbids), a string holding hostile text (lone surrogates
    /// escaped as <c>\ud800</c>), or a structure.</summary>
    public static Gen<string> JsonValue { get; } = Gen.Frequency(
        (5, Gen.Elements(Numbers)),
        (2, LongDigits()),
        (1, Gen.Elements("NaN", "Infinity", "-Infinity", "+1", ".5", "5.", "01", "1e", "--1", "0x1F", "1_0")),
        (6, Text.Select(JsonString)),
        (2, Gen.Elements("null", "true", "false", "[]", "{}", "[1,2,3]", "{\"a\":{\"b\":[null]}}", "[\"BTC-USDT\"]", "[[[[[[[[[[]]]]]]]]]]", "\"\"")));

    /// <summary>A JSON string literal for <paramref name="text"/>, escaping lone surrogates as <c>\uXXXX</c> as a hostile writer would.</summary>
    public static string JsonString(string text)
    {
        var json = new StringBuilder("\"");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                json.Append(c).Append(text[++i]);
            }
            else if (c is '"' or '\\' || c < ' ' || char.IsSurrogate(c)) json.Append($"\\u{(int)c:x4}");
            else json.Append(c);
        }
        return json.Append('"').ToString();
    }

    /// <summary>Percent-encodes <paramref name="text"/> for a query or path: UTF-8, with a lone surrogate written as the three
    /// bytes WTF-8 gives it (invalid UTF-8), so it reaches the server as a hostile client would send it.</summary>
    public static string Encode(string text)
    {
        var encoded = new StringBuilder();
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                codePoint = char.ConvertToUtf32(text[i], text[++i]);
            var count = codePoint switch
            {
                < 0x80 => Write1(bytes, codePoint),
                < 0x800 => Write2(bytes, codePoint),
                < 0x10000 => Write3(bytes, codePoint),
                _ => Write4(bytes, codePoint),
            };
            foreach (var b in bytes[..count])
                encoded.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}");
        }
        return encoded.ToString();
    }

    private static int Write1(Span<byte> b, int c)
    {
        b[0] = (byte)c;
        return 1;
    }

    private static int Write2(Span<byte> b, int c)
    {
        b[0] = (byte)(0xC0 | (c >> 6));
        b[1] = (byte)(0x80 | (c & 0x3F));
        return 2;
    }

    private static int Write3(Span<byte> b, int c)
    {
        b[0] = (byte)(0xE0 | (c >> 12));
        b[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (byte)(0x80 | (c & 0x3F));
        return 3;
    }

    private static int Write4(Span<byte> b, int c)
    {
        b[0] = (byte)(0xF0 | (c >> 18));
        b[1] = (byte)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (byte)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (byte)(0x80 | (c & 0x3F));
        return 4;
    }

    /// <summary>Whole bodies that are not one JSON object, or are one in a hostile way: empty, broken, trailing garbage, invalid
    /// UTF-8, a byte-order mark, nesting 10,000 deep, 1 MB strings and arrays.</summary>
    public static Gen<FuzzBody> RawBody { get; } = Gen.OneOf(
        Gen.Elements(
            FuzzBody.Text(""), FuzzBody.Text("not json"), FuzzBody.Text("{"), FuzzBody.Text("}"), FuzzBody.Text("{}}"),
            FuzzBody.Text("{\"symbol\":\"BTC-USDT\"} trailing"), FuzzBody.Text("{}{}"), FuzzBody.Text("null"), FuzzBody.Text("123"),
            FuzzBody.Text("\"string\""), FuzzBody.Text("[{}]"), FuzzBody.Text("\ufeff{}"), FuzzBody.Text("{'symbol':'BTC-USDT'}"),
            FuzzBody.Text("{\"a\":1,}"), FuzzBody.Text("{\"a\" 1}"), FuzzBody.Text("{\"\\ud800\":1}"), FuzzBody.Text("{\"a\":\"\\ud800\"}"),
            FuzzBody.Text("{\"a\":\"\\u00\"}"), FuzzBody.Text("{\"price\":NaN}"), FuzzBody.Text("{/*c*/}"), FuzzBody.Text("\u0000"),
            new FuzzBody([0xFF, 0xFE, 0x7B, 0x7D]), new FuzzBody([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]),
            new FuzzBody([0x7B, 0x22, 0x73, 0x79, 0x6D, 0x62, 0x6F, 0x6C, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D])),
        Gen.Elements(
            FuzzBody.Repeat("", "[", 10_000, ""),
            FuzzBody.Repeat("", "[", 10_000, new string(']', 10_000)),
            FuzzBody.Repeat("", "{\"a\":", 10_000, "1" + new string('}', 10_000)),
            FuzzBody.Repeat("{\"symbol\":\"", "x", 1024 * 1024, "\"}"),
            FuzzBody.Repeat("{\"price\":1", "0", 1024 * 1024, "}"),
            FuzzBody.Repeat("{\"price\":0.", "0", 1024 * 1024, "1}"),
            FuzzBody.Repeat("[", "1,", 512 * 1024, "1]"),
            FuzzBody.Repeat("{", "\"k\":1,", 100_000, "\"k\":2}"),
            FuzzBody.Repeat("{\"client_order_id\":\"", "\\ud800", 10_000, "\"}")));

    /// <summary>The content type sent with a body: mostly JSON, sometimes none or another.</summary>
    public static Gen<string?> ContentType { get; } = Gen.Frequency(
        (12, Gen.Constant<string?>("application/json")),
        (1, Gen.Elements<string?>(null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=utf-16", "application/vnd.api+json", "text/json", "application/json; charset=\"", "*/*", "json")));

    /// <summary>Hostile text for a URL: at most 1,000 characters, so the request line stays under Kestrel's 8 KB limit, which
    /// the server enforces before the application sees the request.</summary>
    private static Gen<string> UrlText { get; } = Text.Select(t => t.Length > 1000 ? t[..1000] : t);

    /// <summary>A JSON object with the given fields, each valid, absent or hostile, sometimes with an extra hostile property.</summary>
    public static Gen<FuzzBody> ObjectBody(params (string Name, string[] Valid)[] fields)
    {
        var parts = fields.Select(f => Gen.Frequency(
                (5, Gen.Elements(f.Valid).Select(v => $"\"{f.Name}\":{v}")),
                (1, Gen.Constant("")),
                (4, JsonValue.Select(v => $"\"{f.Name}\":{v}"))))
            .ToArray();
        var extra = Gen.Frequency((6, Gen.Constant("")), (1, Gen.Zip(Text, JsonValue).Select(p => $"{JsonString(p.Item1)}:{p.Item2}")));
        return Gen.CollectToArray(parts).Zip(extra).Select(p => FuzzBody.Text("{" + string.Join(",", p.Item1.Append(p.Item2).Where(s => s.Length > 0)) + "}"));
    }

    /// <summary>A query string from the given parameters, each absent, valid or hostile, sometimes with an unknown one.</summary>
    public static Gen<string> Query(params (string Name, string[] Valid)[] parameters)
    {
        var parts = parameters.Select(p => Gen.Frequency(
                (3, Gen.Constant("")),
                (3, Gen.Elements(p.Valid).Select(v => $"{p.Name}={Encode(v)}")),
                (5, UrlText.Select(v => $"{p.Name}={Encode(v)}")),
                (1, Gen.Elements($"{p.Name}", $"{p.Name}=", $"{p.Name}=%", $"{p.Name}=%zz", $"{p.Name}=%ED%A0%80", $"{p.Name}=1&{p.Name}=2",
                    $"{p.Name}=%00", $"{p.Name}[]=1"))))
            .ToArray();
        var extra = Gen.Frequency((8, Gen.Constant("")), (1, Gen.Zip(UrlText, UrlText).Select(p => $"{Encode(p.Item1)}={Encode(p.Item2)}")));
        return Gen.CollectToArray(parts).Zip(extra).Select(p =>
        {
            var query = string.Join("&", p.Item1.Append(p.Item2).Where(s => s.Length > 0));
            return query.Length == 0 ? "" : "?" + query;
        });
    }

    /// <summary>A path segment: usually valid, otherwise hostile text percent-encoded. NUL is left out: Kestrel refuses a path
    /// holding it before the application sees the request.</summary>
    public static Gen<string> Segment(params string[] valid) => Gen.Frequency(
        (3, Gen.Elements(valid)),
        (4, UrlText.Select(t => t.Replace("\0", "", StringComparison.Ordinal)).Where(t => t.Length > 0).Select(Encode)),
        (1, Gen.Elements("..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%2F", "%ED%A0%80", "-1", "0", "9223372036854775808", "1e3", "0x10")));
}
