using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Market;

/// <summary>The data of a <c>candle</c> event: a window's candle as <c>/api/v1/candles</c> answers it, and whether the window has
/// ended (<see cref="Closed"/>), with the ids of its first and last trade.</summary>
public sealed record CandleMessage(
    string Symbol, string Interval, DateTime OpenTime, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume,
    decimal QuoteVolume, long Trades, decimal TakerBuyVolume, decimal TakerBuyQuoteVolume, decimal? Vwap, string FirstTradeId,
    string LastTradeId, bool Closed)
{
    public static CandleMessage Of(Candle c, bool closed) => new(
        c.Instrument.ToString(), c.Interval.Name, c.OpenTime, c.Open, c.High, c.Low, c.Close, c.Volume, c.QuoteVolume, c.Count,
        c.TakerBuyVolume, c.TakerBuyQuoteVolume, c.Vwap, c.FirstTradeId.ToString(), c.LastTradeId.ToString(), closed);
}
