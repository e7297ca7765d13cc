namespace MarketAnalytics.OrderBook.Engine;

/// <summary>How long a limit order stays: until canceled, only for its immediate fills, or all-or-nothing immediately.</summary>
/// <remarks>Market orders are always immediate-or-cancel; <see cref="Fok"/> is rejected for them.</remarks>
public enum TimeInForce : byte
{
    Gtc = 1,
    Ioc = 2,
    Fok = 3,
}
