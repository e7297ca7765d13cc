using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>Settings of the <see cref="BitmexWebSocketReader"/>, bound from configuration (section <c>Ingest:Bitmex</c>).</summary>
/// <remarks>The connection settings are <see cref="WebSocketSourceOptions"/>'s; this adds the symbols and BitMEX's address.</remarks>
public sealed class BitmexReaderOptions : WebSocketSourceOptions
{
    public const string Section = "Bitmex";

    public BitmexReaderOptions() => Url = new Uri("wss://ws.bitmex.com/realtime");

    /// <summary>The symbols whose <c>trade</c> and <c>quote</c> tables are subscribed.</summary>
    [Required, MinLength(1)]
    public string[] Symbols { get; set; } = ["XBTUSD", "ETHUSD", "SOLUSDT", "XRPUSD"];

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        foreach (var symbol in Symbols ?? [])
            if (!Core.InstrumentId.IsToken(symbol))
                yield return new ValidationResult($"{nameof(Symbols)} contains '{symbol}', which is not a symbol", [nameof(Symbols)]);
    }
}
