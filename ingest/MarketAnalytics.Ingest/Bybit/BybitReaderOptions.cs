using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Bybit;

/// <summary>Settings of the <see cref="BybitWebSocketReader"/>, bound from <c>Ingest:Venues:bybit</c>.</summary>
/// <remarks>One category per process: <c>linear</c> (default; USDT/USDC perpetuals and futures, sized in the base coin) or
/// <c>spot</c>, read from <c>{WebSocketUrl}/v5/public/{Category}</c>. Bybit spells a spot pair and its linear perpetual alike
/// (<c>BTCUSDT</c>), so both would be <c>bybit:BTCUSDT</c>: the category decides which one that id is. Inverse contracts are
/// not read live (their size is in USD and their base quantity would need rounding).</remarks>
public sealed class BybitReaderOptions : VenueOptions
{
    /// <summary>The symbols read when configuration names none. They are not the property's initial value because the
    /// configuration binder appends configured array elements to an existing array instead of replacing it.</summary>
    public static readonly string[] DefaultSymbols = ["BTCUSDT", "ETHUSDT"];

    public BybitReaderOptions()
    {
        WebSocketUrl = new Uri("wss://stream.bybit.com");
        RestUrl = new Uri("https://api.bybit.com");
        // Bybit asks for a ping at least every 20 s; one after 5 idle seconds keeps well inside that.
        HeartbeatInterval = TimeSpan.FromSeconds(5);
    }

    /// <summary><c>linear</c> or <c>spot</c>.</summary>
    [Required]
    public string Category { get; set; } = "linear";

    public override Uri StreamUrl() => new(WebSocketUrl, $"/v5/public/{Category}");

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (Category is not ("linear" or "spot"))
            yield return new ValidationResult($"{nameof(Category)} must be linear or spot, got '{Category}'", [nameof(Category)]);
        foreach (var symbol in Symbols ?? [])
            if (BybitFrameParser.IsInverse(symbol))
                yield return new ValidationResult($"{nameof(Symbols)} contains '{symbol}', an inverse contract sized in USD, which is not read live", [nameof(Symbols)]);
    }
}
