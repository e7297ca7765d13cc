using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate;

/// <summary>Builds the candle of one instrument's window trade by trade, in any arrival order.</summary>
/// <remarks>Windows are start-inclusive and end-exclusive in exchange time; open and close follow <see cref="TradeOrder"/>,
/// so the result does not depend on the order trades were added in.</remarks>
public sealed class CandleAccumulator(InstrumentId instrument, CandleInterval interval, DateTime openTime)
{
    private long _count;
    private decimal _open, _high, _low, _close, _volume, _quoteVolume, _takerBuyVolume, _takerBuyQuoteVolume;
    private DateTime _firstTime, _lastTime;
    private TradeId _firstId, _lastId;

    public DateTime OpenTime { get; } = openTime;

    public void Add(in Trade trade)
    {
        if (_count == 0)
        {
            _open = _high = _low = _close = trade.Price;
            _firstTime = _lastTime = trade.Time;
            _firstId = _lastId = trade.TradeId;
        }
        else
        {
            if (trade.Price > _high) _high = trade.Price;
            else if (trade.Price < _low) _low = trade.Price;
            if (trade.Time >= _lastTime && (trade.Time > _lastTime || TradeOrder.CompareIds(trade.TradeId, _lastId) > 0))
            {
                _close = trade.Price;
                _lastTime = trade.Time;
                _lastId = trade.TradeId;
            }
            else if (trade.Time <= _firstTime && (trade.Time < _firstTime || TradeOrder.CompareIds(trade.TradeId, _firstId) < 0))
            {
                _open = trade.Price;
                _firstTime = trade.Time;
                _firstId = trade.TradeId;
            }
        }
        _count++;
        _volume += trade.BaseQuantity;
        _quoteVolume += trade.QuoteQuantity;
        if (trade.Side == TakerSide.Buy)
        {
            _takerBuyVolume += trade.BaseQuantity;
            _takerBuyQuoteVolume += trade.QuoteQuantity;
        }
    }

    public Candle ToCandle() => new(
        instrument, interval, OpenTime, _count, _open, _high, _low, _close,
        _volume, _quoteVolume, _takerBuyVolume, _takerBuyQuoteVolume,
        _firstTime, _firstId, _lastTime, _lastId);
}
