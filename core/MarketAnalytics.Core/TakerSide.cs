namespace MarketAnalytics.Core;

/// <summary>The side of the order that took liquidity in a trade.</summary>
public enum TakerSide : byte
{
    Buy = 1,
    Sell = 2,
}
