namespace MarketAnalytics.OrderBook.Engine;

/// <summary>A market's settings in the engine's integer form: prices in ticks, quantities in lots, money in 10⁻⁸ units.</summary>
/// <remarks>A fill of <c>lots</c> at <c>ticks</c> has the notional <c>ticks · lots · <see cref="UnitsPerTickLot"/></c> quote units,
/// exactly. Fee rates are kept as integers over <see cref="RateScale"/>; a fee is that fraction of a notional rounded up to a unit.</remarks>
public sealed class MarketSpec
{
    public const long RateScale = 10_000_000_000;

    internal MarketSpec(int index, MarketOptions options, int baseAsset, int quoteAsset)
    {
        Index = index;
        Options = options;
        Symbol = options.Symbol;
        BaseAsset = baseAsset;
        QuoteAsset = quoteAsset;
        TickSize = options.TickSize;
        LotSize = options.LotSize;
        LotUnits = (long)(options.LotSize * Amounts.UnitsPerWhole);
        UnitsPerTickLot = (long)(options.TickSize * options.LotSize * Amounts.UnitsPerWhole);
        MinNotionalUnits = (long)(options.MinNotional * Amounts.UnitsPerWhole);
        MakerRate = (long)(options.MakerFeeRate * RateScale);
        TakerRate = (long)(options.TakerFeeRate * RateScale);
    }

    public int Index { get; }

    public MarketOptions Options { get; }

    public string Symbol { get; }

    /// <summary>Index of the base asset in <see cref="MatchingEngine.Assets"/>.</summary>
    public int BaseAsset { get; }

    /// <summary>Index of the quote asset in <see cref="MatchingEngine.Assets"/>.</summary>
    public int QuoteAsset { get; }

    public decimal TickSize { get; }

    public decimal LotSize { get; }

    /// <summary>Base units in one lot.</summary>
    public long LotUnits { get; }

    /// <summary>Quote units of one lot at one tick.</summary>
    public long UnitsPerTickLot { get; }

    public long MinNotionalUnits { get; }

    public long MakerRate { get; }

    public long TakerRate { get; }

    public bool TryPriceToTicks(decimal price, out long ticks) => Amounts.TryToGrid(price, TickSize, out ticks);

    public bool TryQuantityToLots(decimal quantity, out long lots) => Amounts.TryToGrid(quantity, LotSize, out lots);

    public decimal Price(long ticks) => ticks * TickSize;

    public decimal Quantity(long lots) => lots * LotSize;

    /// <summary>Quote units of <paramref name="lots"/> at <paramref name="ticks"/> (both non-negative); false beyond 64 bits.</summary>
    public bool TryNotional(long ticks, long lots, out long notional)
    {
        notional = 0;
        return Amounts.TryMultiply(ticks, lots, out var tickLots) && Amounts.TryMultiply(tickLots, UnitsPerTickLot, out notional);
    }

    /// <summary>The fee on <paramref name="notional"/> at <paramref name="rate"/> (over <see cref="RateScale"/>), rounded up to a unit.</summary>
    public static long Fee(long notional, long rate)
    {
        // Notionals and rates are never negative. Nearly every product fits 64 bits, where the division is a multiplication;
        // 128-bit division is many times slower and only needed for the rare huge fill.
        var high = Math.BigMul((ulong)notional, (ulong)rate, out var low);
        if (high == 0 && low <= ulong.MaxValue - (RateScale - 1)) return (long)((low + (RateScale - 1)) / RateScale);
        return (long)(((Int128)notional * rate + (RateScale - 1)) / RateScale);
    }

    /// <summary>What a limit buy at <paramref name="ticks"/> blocks per lot: the lot's notional plus the taker fee on one lot,
    /// rounded up; false when it does not fit 64 bits.</summary>
    /// <remarks>Fees are rounded up per fill, and a fill is a whole number of lots, so the fees of any split of an order into fills
    /// never exceed this per-lot fee times the lots: the hold is the true maximum, and every fill releases exactly its lots' share.</remarks>
    public bool TryBuyHoldPerLot(long ticks, out long hold)
    {
        hold = 0;
        if (!Amounts.TryMultiply(ticks, UnitsPerTickLot, out var lotNotional)) return false;
        // Both terms are non-negative, so an overflowing sum shows as a negative one.
        hold = lotNotional + Fee(lotNotional, TakerRate);
        return hold >= 0;
    }

    /// <summary>The most lots, up to <paramref name="maxLots"/>, that <paramref name="funds"/> buy at <paramref name="ticks"/> including
    /// the taker fee of that fill.</summary>
    public long AffordableLots(long ticks, long funds, long maxLots)
    {
        if (Cost(ticks, maxLots) <= funds) return maxLots;
        var perLot = (Int128)ticks * UnitsPerTickLot;
        var lots = (long)((Int128)funds * RateScale / (perLot * (RateScale + TakerRate)));
        lots = Math.Min(lots, maxLots);
        while (lots > 0 && Cost(ticks, lots) > funds) lots--;
        while (lots < maxLots && Cost(ticks, lots + 1) <= funds) lots++;
        return lots;
    }

    private long Cost(long ticks, long lots)
    {
        // Beyond a wallet's bound no budget can pay; this also covers an ask rested by a version that did not bound its value.
        if (!TryNotional(ticks, lots, out var notional) || notional > Amounts.MaxBalance) return long.MaxValue;
        return notional + Fee(notional, TakerRate);
    }
}
