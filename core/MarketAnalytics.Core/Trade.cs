namespace MarketAnalytics.Core;

/// <summary>One trade as the exchange reported it, normalised.</summary>
/// <remarks>
/// <see cref="Time"/> is the exchange's timestamp in UTC (100 ns resolution; finer inputs are truncated), never the receive time.
/// <see cref="BaseQuantity"/> is in the base asset (BitMEX <c>homeNotional</c>), <see cref="QuoteQuantity"/> in the quote asset
/// (Binance <c>p·q</c>, BitMEX <c>foreignNotional</c>). <see cref="Contracts"/> is the venue's contract count (BitMEX <c>size</c>), 0 where
/// the venue trades no contracts. A trade whose <see cref="IsMarket"/> is false (e.g. a Binance insurance-fund or ADL trade) is logged
/// but left out of candles, as the exchanges leave it out of their own.
/// </remarks>
public readonly record struct Trade(
    InstrumentId Instrument,
    TradeId TradeId,
    DateTime Time,
    decimal Price,
    decimal BaseQuantity,
    decimal QuoteQuantity,
    TakerSide Side,
    decimal Contracts = 0m,
    bool IsMarket = true);
