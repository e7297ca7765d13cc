namespace MarketAnalytics.OrderBook.Engine;

/// <summary>Converts between exact decimal amounts and the engine's integer units of 10⁻⁸ of an asset.</summary>
public static class Amounts
{
    /// <summary>Units in one whole asset: every balance is a whole number of 10⁻⁸.</summary>
    public const long UnitsPerWhole = 100_000_000;

    /// <summary>The largest count of ticks, lots or units an order may carry; keeps every product inside 64 bits.</summary>
    public const long MaxGridCount = 1_000_000_000_000_000;

    /// <summary>The most units a wallet (available + blocked) or an order's hold may reach: one billion whole units of an asset,
    /// far enough below 2⁶³ that sums over fills and users cannot overflow.</summary>
    public const long MaxBalance = 100_000_000_000_000_000;

    public static decimal ToDecimal(long units) => new decimal(units) / UnitsPerWhole;

    /// <summary>Converts <paramref name="amount"/> to units; false when it is negative, has more than 8 decimals or exceeds
    /// <see cref="MaxBalance"/>.</summary>
    public static bool TryToUnits(decimal amount, out long units)
    {
        units = 0;
        if (amount < 0 || amount > MaxBalance / UnitsPerWhole) return false;
        var scaled = amount * UnitsPerWhole;
        if (scaled != decimal.Truncate(scaled)) return false;
        units = (long)scaled;
        return true;
    }

    /// <summary>The product of two non-negative counts; false when it does not fit 64 bits. Checks without throwing, so the hot
    /// path needs no exception handler.</summary>
    internal static bool TryMultiply(long a, long b, out long product)
    {
        var high = Math.BigMul((ulong)a, (ulong)b, out var low);
        product = (long)low;
        return high == 0 && low <= long.MaxValue;
    }

    /// <summary>Counts how many <paramref name="step"/>s make <paramref name="value"/>; false when it is not positive, off the grid
    /// or more than <see cref="MaxGridCount"/> steps. Never rounds.</summary>
    public static bool TryToGrid(decimal value, decimal step, out long count)
    {
        count = 0;
        if (value <= 0) return false;
        var steps = value / step;
        if (steps > MaxGridCount || steps != decimal.Truncate(steps) || steps * step != value) return false;
        count = (long)steps;
        return true;
    }
}
