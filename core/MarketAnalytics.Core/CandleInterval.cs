using System.Diagnostics.CodeAnalysis;

namespace MarketAnalytics.Core;

/// <summary>A candle length: 1m and 1h are stored; Binance's other intervals up to 1d (3m, 5m, 15m, 30m, 2h, 4h, 6h, 8h, 12h, 1d)
/// are rolled up from them at query time.</summary>
/// <remarks>Windows are aligned to the Unix epoch in UTC (a day starts at midnight UTC, 4h windows at 00, 04, … UTC),
/// start-inclusive and end-exclusive, and stamped by their start.</remarks>
public readonly record struct CandleInterval
{
    private CandleInterval(int minutes, string name)
    {
        Minutes = minutes;
        Name = name;
    }

    public static readonly CandleInterval OneMinute = new(1, "1m");
    public static readonly CandleInterval ThreeMinutes = new(3, "3m");
    public static readonly CandleInterval FiveMinutes = new(5, "5m");
    public static readonly CandleInterval FifteenMinutes = new(15, "15m");
    public static readonly CandleInterval ThirtyMinutes = new(30, "30m");
    public static readonly CandleInterval OneHour = new(60, "1h");
    public static readonly CandleInterval TwoHours = new(120, "2h");
    public static readonly CandleInterval FourHours = new(240, "4h");
    public static readonly CandleInterval SixHours = new(360, "6h");
    public static readonly CandleInterval EightHours = new(480, "8h");
    public static readonly CandleInterval TwelveHours = new(720, "12h");
    public static readonly CandleInterval OneDay = new(1440, "1d");

    /// <summary>Every interval the API serves, shortest first.</summary>
    public static IReadOnlyList<CandleInterval> All { get; } =
        [OneMinute, ThreeMinutes, FiveMinutes, FifteenMinutes, ThirtyMinutes, OneHour, TwoHours, FourHours, SixHours, EightHours, TwelveHours, OneDay];

    /// <summary>The intervals the aggregation job stores.</summary>
    public static IReadOnlyList<CandleInterval> Stored { get; } = [OneMinute, OneHour];

    public int Minutes { get; }

    /// <summary>The short name, as Binance spells it: <c>1m</c>, <c>3m</c>, <c>5m</c>, … <c>12h</c>, <c>1d</c>.</summary>
    public string Name { get; }

    public TimeSpan Duration => TimeSpan.FromMinutes(Minutes);

    public long Ticks => Minutes * TimeSpan.TicksPerMinute;

    /// <summary>The stored interval this one is rolled up from (itself for 1m and 1h).</summary>
    public CandleInterval Source => Minutes < 60 ? OneMinute : OneHour;

    public bool IsStored => Minutes is 1 or 60;

    /// <summary>The start of the window containing <paramref name="time"/> (UTC).</summary>
    public DateTime WindowStart(DateTime time) => new(time.Ticks - time.Ticks % Ticks, DateTimeKind.Utc);

    public override string ToString() => Name;

    public static bool TryParse(string? text, [NotNullWhen(true)] out CandleInterval interval)
    {
        foreach (var candidate in All)
        {
            if (candidate.Name == text)
            {
                interval = candidate;
                return true;
            }
        }
        interval = default;
        return false;
    }
}
