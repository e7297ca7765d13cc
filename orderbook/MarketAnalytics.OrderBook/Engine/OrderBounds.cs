namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The amount bounds a new order is checked against before it is journaled, so an order beyond them is refused without
/// leaving a trace; the engine checks the same bounds exactly (with the fee rounded per lot) and rejects what still exceeds them.</summary>
/// <remarks>Each of price, quantity and funds is at most <see cref="Amounts.MaxAmount"/>, and price × quantity × (1 + taker fee
/// rate) at most <see cref="Amounts.MaxAmount"/> of the quote asset (<see cref="Amounts.MaxBalance"/> units).</remarks>
public static class OrderBounds
{
    /// <summary>The name of the first field beyond the bounds (<c>price</c>, <c>quantity</c> or <c>funds</c>, as the API spells them),
    /// or null when all are within them. Values that are not positive are left to the engine, which rejects them with a reason.</summary>
    public static string? FieldBeyondBounds(decimal? price, decimal? quantity, decimal? funds, decimal takerFeeRate)
    {
        if (price > Amounts.MaxAmount) return "price";
        if (quantity > Amounts.MaxAmount) return "quantity";
        if (funds > Amounts.MaxAmount) return "funds";
        // Both factors are at most 10⁹ here, so neither product can overflow a decimal.
        if (price is > 0 and var p && quantity is > 0 and var q && p * q * (1 + takerFeeRate) > Amounts.MaxAmount) return "quantity";
        return null;
    }
}
