using MarketAnalytics.Core;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>Binance's kline array of a candle.</summary>
internal static class BinanceKline
{
    /// <summary>Open time, open, high, low, close, volume, close time (the window's last millisecond), quote volume, trades, taker buy
    /// base volume, taker buy quote volume, ignore; amounts as strings.</summary>
    public static object[] Of(Candle c) =>
    [
        BinanceJson.Ms(c.OpenTime), BinanceJson.Number(c.Open), BinanceJson.Number(c.High), BinanceJson.Number(c.Low),
        BinanceJson.Number(c.Close), BinanceJson.Number(c.Volume), BinanceJson.Ms(c.CloseTime) - 1, BinanceJson.Number(c.QuoteVolume),
        c.Count, BinanceJson.Number(c.TakerBuyVolume), BinanceJson.Number(c.TakerBuyQuoteVolume), "0",
    ];
}
