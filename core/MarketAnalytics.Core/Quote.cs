namespace MarketAnalytics.Core;

/// <summary>The best bid and ask of an instrument at an exchange time (UTC).</summary>
/// <remarks>Sizes are in the venue's own unit (contracts on BitMEX, base asset on Binance); 0 where the venue left a side empty.</remarks>
public readonly record struct Quote(
    InstrumentId Instrument,
    DateTime Time,
    decimal BidPrice,
    decimal BidSize,
    decimal AskPrice,
    decimal AskSize);
