using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Market;

/// <summary>One thing a subscriber follows: an instrument's channel, and for candles the interval (null for the other channels).</summary>
public readonly record struct MarketKey(InstrumentId Instrument, MarketChannels Channel, string? Interval);
