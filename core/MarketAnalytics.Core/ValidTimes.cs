namespace MarketAnalytics.Core;

/// <summary>The ranges of time the service accepts: for exchange times of trades and quotes, and for the times users ask about.</summary>
/// <remarks>Trade and quote times lie in [<see cref="FirstTradeTime"/>, now + <see cref="TradeTimeAhead"/>]: nothing traded
/// before Bitcoin's genesis block, and a day ahead of the receive clock is far beyond any exchange's clock skew. A price newer
/// than now + <see cref="PriceTimeAhead"/> is kept in the log and the aggregates but never becomes the current price, so one
/// record from a wrong clock cannot hold a price still. Query times (<c>as_of</c>, <c>from</c>, <c>to</c>, rerun ranges) lie in
/// [<see cref="FirstQueryTime"/>, <see cref="LastQueryTime"/>], wide enough for any question about trades and far enough inside
/// <see cref="DateTime"/>'s range that every window computed from them (up to 5000 days either way) exists.</remarks>
public static class ValidTimes
{
    /// <summary>2009-01-03T00:00:00Z, the day of Bitcoin's genesis block.</summary>
    public static readonly DateTime FirstTradeTime = new(2009, 1, 3, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How far a trade or quote time may be ahead of the receive clock and still be recorded.</summary>
    public static readonly TimeSpan TradeTimeAhead = TimeSpan.FromDays(1);

    /// <summary>How far a trade or quote time may be ahead of the receive clock and still become the current price.</summary>
    public static readonly TimeSpan PriceTimeAhead = TimeSpan.FromMinutes(1);

    /// <summary>1970-01-01T00:00:00Z, the earliest <c>as_of</c>, <c>from</c> or <c>to</c>.</summary>
    public static readonly DateTime FirstQueryTime = DateTime.UnixEpoch;

    /// <summary>2100-01-01T00:00:00Z, the latest <c>as_of</c>, <c>from</c> or <c>to</c>.</summary>
    public static readonly DateTime LastQueryTime = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>True when a trade or quote at <paramref name="time"/> may be recorded at <paramref name="now"/>.</summary>
    public static bool IsTradeTime(DateTime time, DateTime now) => time >= FirstTradeTime && time <= now + TradeTimeAhead;

    /// <summary>True when a price at <paramref name="time"/> may become the current price at <paramref name="now"/>.</summary>
    public static bool IsPriceTime(DateTime time, DateTime now) => time <= now + PriceTimeAhead;

    /// <summary>True when <paramref name="time"/> may be asked about.</summary>
    public static bool IsQueryTime(DateTime time) => time >= FirstQueryTime && time <= LastQueryTime;

    /// <summary>The trade-time range at <paramref name="now"/> as users read it, for messages.</summary>
    public static string DescribeTradeRange(DateTime now) =>
        $"{UtcTime.Format(FirstTradeTime)} to {UtcTime.Format(now + TradeTimeAhead)} (now + {TradeTimeAhead.TotalHours:0} h)";

    /// <summary>The query-time range as users read it, for messages.</summary>
    public static string DescribeQueryRange() => $"{UtcTime.Format(FirstQueryTime)} to {UtcTime.Format(LastQueryTime)}";
}
