using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Coinbase;

/// <summary>What one Coinbase Exchange feed message was, with what the reader needs to check the product's order.</summary>
/// <remarks><see cref="Text"/> is the subscribed channels for <see cref="CoinbaseFrameKind.Subscribed"/>, <c>message: reason</c>
/// for <see cref="CoinbaseFrameKind.Error"/>, the reason for <see cref="CoinbaseFrameKind.Malformed"/>, and null otherwise.
/// <see cref="Instrument"/>, <see cref="Sequence"/> and <see cref="TradeId"/> are set for a trade (its own trade id), a quote
/// (trade id 0) and a heartbeat (<c>last_trade_id</c>); 0 where the message has none.</remarks>
public readonly record struct CoinbaseFrame(
    CoinbaseFrameKind Kind, string? Text = null, InstrumentId Instrument = default, long Sequence = 0, long TradeId = 0);
