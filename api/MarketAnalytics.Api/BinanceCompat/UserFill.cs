namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>One side of an internal trade, for the user who owned it: what <c>myTrades</c> lists.</summary>
/// <remarks><see cref="Fee"/> is in the market's quote asset; <see cref="Time"/> is when the trade happened (UTC).</remarks>
internal sealed record UserFill(long TradeId, long OrderId, string Market, bool IsBuyer, bool IsMaker, decimal Price, decimal Quantity, decimal Fee, DateTime Time);
