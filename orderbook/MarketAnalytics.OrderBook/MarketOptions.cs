namespace MarketAnalytics.OrderBook;

/// <summary>One market of the internal exchange: its assets, price and quantity grid, minimum order value and fee rates.</summary>
/// <remarks>
/// Prices must be whole multiples of <see cref="TickSize"/> and quantities of <see cref="LotSize"/>; orders off the grid are rejected,
/// never rounded. <see cref="MinNotional"/> is in the quote asset. Fee rates are fractions (0.001 = 0.10%) charged in the quote asset
/// on each fill's notional and rounded up to 8 decimal places.
/// </remarks>
public sealed class MarketOptions
{
    /// <summary>The market symbol, e.g. <c>BTC-USDT</c>; also the symbol of the internal instrument in the market log.</summary>
    public string Symbol { get; set; } = "";

    public string BaseAsset { get; set; } = "";

    public string QuoteAsset { get; set; } = "";

    public decimal TickSize { get; set; }

    public decimal LotSize { get; set; }

    public decimal MinNotional { get; set; } = 1m;

    public decimal MakerFeeRate { get; set; } = 0.001m;

    public decimal TakerFeeRate { get; set; } = 0.002m;

    /// <summary>The default BTC-USDT market: tick 0.01, lot 0.00001.</summary>
    public static MarketOptions BtcUsdt() => new()
    {
        Symbol = "BTC-USDT", BaseAsset = "BTC", QuoteAsset = "USDT", TickSize = 0.01m, LotSize = 0.00001m,
    };

    /// <summary>The default ETH-USDT market: tick 0.01, lot 0.0001.</summary>
    public static MarketOptions EthUsdt() => new()
    {
        Symbol = "ETH-USDT", BaseAsset = "ETH", QuoteAsset = "USDT", TickSize = 0.01m, LotSize = 0.0001m,
    };
}
