namespace MarketAnalytics.Core;

/// <summary>The order that decides which trade of a window is its open and which its close.</summary>
/// <remarks>Trades are ordered by exchange time, then by trade id. Ids made only of digits compare as numbers
/// (Binance ids grow by one per trade) and before any other id, any other ids ordinally (BitMEX's UUIDs carry no order, so ties at the same
/// timestamp are broken deterministically rather than meaningfully).</remarks>
public static class TradeOrder
{
    public static int Compare(DateTime timeA, TradeId idA, DateTime timeB, TradeId idB)
    {
        var byTime = timeA.Ticks.CompareTo(timeB.Ticks);
        return byTime != 0 ? byTime : CompareIds(idA, idB);
    }

    public static int CompareIds(TradeId a, TradeId b) =>
        a.TryGetNumber(out var numberA) && b.TryGetNumber(out var numberB) ? numberA.CompareTo(numberB) : CompareTexts(a.ToString(), b.ToString());

    // Ids of digits compare by length, then digit by digit: for two canonical numbers that is their values' order, which the
    // number path above gives without printing them.
    private static int CompareTexts(string a, string b)
    {
        var aIsNumber = IsDigits(a);
        // Numbers go before any other id: comparing a number ordinally with other ids while comparing numbers by length among
        // themselves would not be transitive ("9" < "10" < "5x" < "9"), and open and close would then depend on merge order.
        if (aIsNumber != IsDigits(b)) return aIsNumber ? -1 : 1;
        if (aIsNumber && a.Length != b.Length) return a.Length.CompareTo(b.Length);
        return string.CompareOrdinal(a, b);
    }

    private static bool IsDigits(string s) => s.Length > 0 && !s.AsSpan().ContainsAnyExceptInRange('0', '9');
}
