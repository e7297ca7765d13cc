namespace MarketAnalytics.Core;

/// <summary>The order that decides which trade of a window is its open and which its close.</summary>
/// <remarks>Trades are ordered by exchange time, then by trade id. Ids made only of digits compare as numbers
/// (Binance ids grow by one per trade), any other ids ordinally (BitMEX's UUIDs carry no order, so ties at the same
/// timestamp are broken deterministically rather than meaningfully).</remarks>
public static class TradeOrder
{
    public static int Compare(DateTime timeA, string idA, DateTime timeB, string idB)
    {
        var byTime = timeA.Ticks.CompareTo(timeB.Ticks);
        return byTime != 0 ? byTime : CompareIds(idA, idB);
    }

    public static int CompareIds(string a, string b)
    {
        if (a.Length != b.Length && IsDigits(a) && IsDigits(b)) return a.Length.CompareTo(b.Length);
        return string.CompareOrdinal(a, b);
    }

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
            if (!char.IsAsciiDigit(c)) return false;
        return s.Length > 0;
    }
}
