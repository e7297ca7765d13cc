using System.Globalization;
using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

/// <summary>Trades, quotes and scratch directories for the tests.</summary>
internal static class TestData
{
    public static readonly InstrumentId Xbt = InstrumentId.Parse("bitmex:XBTUSD");
    public static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    public static readonly DateTime Start = new(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);

    public static Trade Trade(InstrumentId instrument, long id, DateTime time) =>
        new(instrument, id.ToString(CultureInfo.InvariantCulture), time, 90_000m + id % 100, 0.01m, 900m, TakerSide.Buy);

    /// <summary>Trades numbered <paramref name="first"/>.. one millisecond apart from <see cref="Start"/> plus the id.</summary>
    public static Trade[] Trades(InstrumentId instrument, long first, int count) =>
        Enumerable.Range(0, count).Select(i => Trade(instrument, first + i, Start.AddMilliseconds(first + i))).ToArray();

    public static Quote Quote(InstrumentId instrument, DateTime time, decimal bid) => new(instrument, time, bid, 1.5m, bid + 0.5m, 2m);
}
