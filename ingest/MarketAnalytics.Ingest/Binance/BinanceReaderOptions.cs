using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Binance;

/// <summary>Settings of a <see cref="BinanceWebSocketReader"/> (spot or USD-M), bound from <c>Ingest:Venues:binance</c> or
/// <c>Ingest:Venues:binanceusdm</c>.</summary>
/// <remarks>Symbols as Binance spells them (<c>BTCUSDT</c>); stream names lower-case them. The reader connects to
/// <c>{WebSocketUrl}/stream?streams=btcusdt@trade/btcusdt@{QuoteStream}/…</c>.</remarks>
public sealed class BinanceReaderOptions : VenueOptions
{
    /// <summary>The stream the best bid and ask come from: <c>bookTicker</c> (USD-M, stamped with the transaction time) or
    /// <c>ticker</c> (spot, whose <c>bookTicker</c> carries no time at all, stamped with the event time, once a second).</summary>
    [Required, RegularExpression("^(bookTicker|ticker)$", ErrorMessage = "QuoteStream must be bookTicker or ticker")]
    public string QuoteStream { get; set; } = "bookTicker";

    public override Uri StreamUrl()
    {
        var streams = Symbols.SelectMany(s => new[] { $"{s.ToLowerInvariant()}@trade", $"{s.ToLowerInvariant()}@{QuoteStream}" });
        return new Uri(WebSocketUrl, $"/stream?streams={string.Join('/', streams)}");
    }

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        foreach (var symbol in Symbols ?? [])
            if (!Core.InstrumentId.IsToken(symbol) || symbol.Contains('-') || symbol.Contains('.'))
                yield return new ValidationResult($"{nameof(Symbols)} contains '{symbol}', which is not a Binance symbol (letters and digits, e.g. BTCUSDT)", [nameof(Symbols)]);
    }
}
