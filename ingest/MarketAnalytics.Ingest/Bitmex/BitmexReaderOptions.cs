using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>Settings of the <see cref="BitmexWebSocketReader"/>, bound from configuration (section <c>Ingest:Bitmex</c>).</summary>
/// <remarks>The connection settings are <see cref="WebSocketSourceOptions"/>'s; this adds the symbols, BitMEX's WebSocket address
/// and the base address of its REST API, from which gaps are filled.</remarks>
public sealed class BitmexReaderOptions : WebSocketSourceOptions
{
    public const string Section = "Bitmex";

    public BitmexReaderOptions() => Url = new Uri("wss://ws.bitmex.com/realtime");

    /// <summary>The symbols whose <c>trade</c> and <c>quote</c> tables are subscribed.</summary>
    [Required, MinLength(1)]
    public string[] Symbols { get; set; } = ["XBTUSD", "ETHUSD", "SOLUSDT", "XRPUSD"];

    /// <summary>Base address of BitMEX's public REST API (no path); the trade history is <c>/api/v1/trade</c> under it.</summary>
    [Required]
    public Uri RestUrl { get; set; } = new("https://www.bitmex.com");

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (RestUrl is not null && (!RestUrl.IsAbsoluteUri || RestUrl.Scheme is not ("http" or "https") || RestUrl.AbsolutePath != "/"))
            yield return new ValidationResult($"{nameof(RestUrl)} must be an absolute http:// or https:// address without a path, got '{RestUrl}'", [nameof(RestUrl)]);
        foreach (var symbol in Symbols ?? [])
            if (!Core.InstrumentId.IsToken(symbol))
                yield return new ValidationResult($"{nameof(Symbols)} contains '{symbol}', which is not a symbol", [nameof(Symbols)]);
    }
}
