namespace MarketAnalytics.OrderBook.Engine;

/// <summary>Converts between exact decimal amounts and the engine's integer units of 10⁻⁸ of an asset, and holds the bounds that
/// keep every product and sum of them exact in 64 bits.</summary>
/// <remarks>The bounds: a price, quantity, funds or transfer amount is at most <see cref="MaxAmount"/> (10⁹ of its asset); a limit
/// order's price × quantity (plus the taker fee on a buy) and a wallet's balance at most <see cref="MaxBalance"/> units (10⁹ whole);
/// credits minus debits of one asset over the whole exchange at most <see cref="MaxSupply"/> units (10¹⁰ whole), so that every
/// balance, hold, fee total and their sums stay below 2⁶³. Anything beyond them is rejected with a reason, never wrapped or
/// rounded.</remarks>
public static class Amounts
{
    /// <summary>Units in one whole asset: every balance is a whole number of 10⁻⁸.</summary>
    public const long UnitsPerWhole = 100_000_000;

    /// <summary>The largest price, quantity, funds or transfer amount accepted, in whole units of its asset.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>The largest count of ticks, lots or units an order may carry (10¹⁷, so funds of <see cref="MaxAmount"/> fit); every
    /// product of counts is computed with an overflow check.</summary>
    public const long MaxGridCount = 100_000_000_000_000_000;

    /// <summary>The most units a wallet (available + blocked), an order's hold or a limit order's value may reach: one billion
    /// whole units of an asset, far enough below 2⁶³ that sums over fills and users cannot overflow.</summary>
    public const long MaxBalance = 100_000_000_000_000_000;

    /// <summary>The most units of one asset the whole exchange may hold (credits minus debits): ten billion whole units, so the sum
    /// of every wallet and the fee account stays below 2⁶³.</summary>
    public const long MaxSupply = 1_000_000_000_000_000_000;

    public static decimal ToDecimal(long units) => new decimal(units) / UnitsPerWhole;

    /// <summary>Converts <paramref name="amount"/> to units; false when it is negative, has a non-zero digit beyond the 8th decimal
    /// or exceeds <see cref="MaxBalance"/>. Never rounds.</summary>
    public static bool TryToUnits(decimal amount, out long units)
    {
        units = 0;
        if (amount < 0 || amount > MaxBalance / UnitsPerWhole) return false;
        // Rounding to 8 decimals and comparing is exact; scaling first could round a 28-digit value into a whole number of units.
        if (decimal.Round(amount, 8) != amount) return false;
        units = (long)(amount * UnitsPerWhole);
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

    /// <summary>Counts how many <paramref name="step"/>s make <paramref name="value"/>; false when it is not positive, above
    /// <see cref="MaxAmount"/>, off the grid or more than <see cref="MaxGridCount"/> steps. Never rounds, never throws.</summary>
    /// <remarks><paramref name="step"/> is a market's tick or lot size, at least <see cref="ExchangeOptions.MinStep"/>, so the
    /// quotient of a value within the bound fits a decimal.</remarks>
    public static bool TryToGrid(decimal value, decimal step, out long count) => ToGrid(value, step, out count) == GridResult.OnGrid;

    internal enum GridResult : byte
    {
        OnGrid,
        NotPositive,
        TooLarge,
        OffGrid,
    }

    internal static GridResult ToGrid(decimal value, decimal step, out long count)
    {
        count = 0;
        if (value <= 0) return GridResult.NotPositive;
        if (value > MaxAmount) return GridResult.TooLarge;
        var steps = value / step;
        if (steps > MaxGridCount) return GridResult.TooLarge;
        // The division may round a long decimal; multiplying back is exact, so a value off the grid never passes.
        if (steps != decimal.Truncate(steps) || steps * step != value) return GridResult.OffGrid;
        count = (long)steps;
        return GridResult.OnGrid;
    }
}
