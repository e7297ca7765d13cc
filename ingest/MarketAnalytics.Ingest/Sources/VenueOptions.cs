using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>The settings of one venue's live reader, bound from <c>Ingest:Venues:{venue}</c>: its symbols, the base addresses of
/// its WebSocket and REST APIs, and the connection settings every source shares.</summary>
/// <remarks>Addresses are bases without a path (<c>wss://fstream.binance.com</c>); the reader appends the venue's own paths, so a
/// test or a user can point it at another server. <see cref="WebSocketSourceOptions.Url"/> is derived from them
/// (<see cref="StreamUrl"/>) when the options are built and need not be set.</remarks>
public abstract class VenueOptions : WebSocketSourceOptions
{
    /// <summary>The configuration section of a venue's options.</summary>
    public static string SectionOf(string venue) => $"Ingest:Venues:{venue}";

    /// <summary>Symbols as the venue spells them in its API (<c>BTCUSDT</c>, <c>BTC-USD</c>).</summary>
    [Required, MinLength(1)]
    public string[] Symbols { get; set; } = [];

    /// <summary>Base address of the venue's WebSocket API (ws:// or wss://, no path).</summary>
    [Required]
    public Uri WebSocketUrl { get; set; } = null!;

    /// <summary>Base address of the venue's public REST API (http:// or https://, no path).</summary>
    [Required]
    public Uri RestUrl { get; set; } = null!;

    /// <summary>The WebSocket address the reader connects to, built from <see cref="WebSocketUrl"/> and <see cref="Symbols"/>.</summary>
    public abstract Uri StreamUrl();

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (WebSocketUrl is not null && !IsBase(WebSocketUrl, "ws", "wss"))
            yield return new ValidationResult($"{nameof(WebSocketUrl)} must be an absolute ws:// or wss:// address without a path, got '{WebSocketUrl}'", [nameof(WebSocketUrl)]);
        if (RestUrl is not null && !IsBase(RestUrl, "http", "https"))
            yield return new ValidationResult($"{nameof(RestUrl)} must be an absolute http:// or https:// address without a path, got '{RestUrl}'", [nameof(RestUrl)]);
        foreach (var symbol in Symbols ?? [])
            if (string.IsNullOrWhiteSpace(symbol) || symbol.Any(char.IsWhiteSpace))
                yield return new ValidationResult($"{nameof(Symbols)} contains '{symbol}', which is not a symbol", [nameof(Symbols)]);
    }

    private static bool IsBase(Uri url, string plain, string secure) =>
        url.IsAbsoluteUri && (url.Scheme == plain || url.Scheme == secure) && url.AbsolutePath == "/" && url.Query.Length == 0;
}
