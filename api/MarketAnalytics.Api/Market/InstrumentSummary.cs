namespace MarketAnalytics.Api.Market;

/// <summary>An instrument over the 24 hourly windows up to the one holding its newest trade (<see cref="AsOf"/>), from the stored
/// aggregates: last price, the open 24 h before it, change, high, low, volumes and trade count; nulls when it has no trades yet.</summary>
public sealed record InstrumentSummary(
    string Symbol, string Venue, DateTime? AsOf, decimal? LastPrice, decimal? OpenPrice, decimal? Change, decimal? ChangePercent,
    decimal? High, decimal? Low, decimal Volume, decimal QuoteVolume, long Trades);
