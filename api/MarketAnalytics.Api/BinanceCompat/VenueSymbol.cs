using MarketAnalytics.Core;
using MarketAnalytics.OrderBook;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>One instrument of a venue as the Binance-compatible API names it.</summary>
/// <param name="Symbol">Binance's spelling: the venue's symbol without separators (<c>BTCUSDT</c> for <c>internal:BTC-USDT</c>).</param>
/// <param name="Instrument">The instrument in the log and the aggregates.</param>
/// <param name="BaseAsset">The base asset, null when unknown (see <see cref="AssetPairs"/>).</param>
/// <param name="QuoteAsset">The quote asset, null when unknown.</param>
/// <param name="Market">The internal exchange's market, null for other venues.</param>
internal sealed record VenueSymbol(string Symbol, InstrumentId Instrument, string? BaseAsset, string? QuoteAsset, MarketOptions? Market);
