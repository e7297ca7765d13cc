using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>An instrument's trades read back from the log, for <c>trades</c> and <c>aggTrades</c>.</summary>
/// <remarks>The log is read hour by hour (by exchange time), only the hours the stored 1h aggregates say have trades plus the
/// hour of "now" (which the aggregation may not have committed yet), so memory stays bounded by one hour of one instrument and
/// a request reads only as many hours as its limit needs. Trades come back in trade order (exchange time, then id), the order of
/// Binance's ids. Trades older than the log's retention are gone from it; their aggregates remain.</remarks>
internal sealed class LoggedTrades(ILogHistory log, IAggregateStore store, TimeProvider clock)
{
    /// <summary>The range searched when a request names no time: wide enough for any exchange's history, inside every store's
    /// range of timestamps.</summary>
    public static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime Latest = new(3000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The newest <paramref name="limit"/> trades before <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Trade>> RecentAsync(InstrumentId instrument, DateTime to, int limit, CancellationToken ct)
    {
        var found = new List<Trade>();
        var hours = await HoursAsync(instrument, Earliest, to, ct);
        for (var i = hours.Count - 1; i >= 0 && found.Count < limit; i--)
            found.AddRange(await ReadAsync(instrument, hours[i], hours[i].AddHours(1) > to ? to : hours[i].AddHours(1), ct));
        return [.. Ordered(found).TakeLast(limit)];
    }

    /// <summary>The first <paramref name="limit"/> trades with exchange time in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<IReadOnlyList<Trade>> RangeAsync(InstrumentId instrument, DateTime from, DateTime to, int limit, CancellationToken ct)
    {
        var found = new List<Trade>();
        foreach (var hour in await HoursAsync(instrument, from, to, ct))
        {
            if (found.Count >= limit) break;
            var start = hour < from ? from : hour;
            var end = hour.AddHours(1) > to ? to : hour.AddHours(1);
            found.AddRange(await ReadAsync(instrument, start, end, ct));
        }
        return [.. Ordered(found).Take(limit)];
    }

    /// <summary>The first <paramref name="limit"/> trades whose numeric id is at least <paramref name="fromId"/> (venues with
    /// numeric, increasing ids: Binance and the internal exchange), optionally only those before <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<Trade>> FromIdAsync(InstrumentId instrument, long fromId, DateTime to, int limit, CancellationToken ct)
    {
        var found = new List<Trade>();
        foreach (var hour in await HoursAsync(instrument, Earliest, to, ct))
        {
            if (found.Count >= limit) break;
            var end = hour.AddHours(1) > to ? to : hour.AddHours(1);
            found.AddRange((await ReadAsync(instrument, hour, end, ct)).Where(t => NumericId(t) >= fromId));
        }
        return [.. Ordered(found).Take(limit)];
    }

    /// <summary>The trade id as a number, or -1 for a venue whose ids are not numbers.</summary>
    public static long NumericId(in Trade trade) =>
        trade.TradeId.TryGetNumber(out var id) ? id : -1;

    /// <summary>The starts of the hours in [from, to) that may hold the instrument's trades, ascending.</summary>
    private async Task<List<DateTime>> HoursAsync(InstrumentId instrument, DateTime from, DateTime to, CancellationToken ct)
    {
        var first = CandleInterval.OneHour.WindowStart(from);
        var hours = (await store.GetCandlesAsync(instrument, CandleInterval.OneHour, first, to, ct)).Select(c => c.OpenTime).ToList();
        var current = CandleInterval.OneHour.WindowStart(clock.GetUtcNow().UtcDateTime);
        if (current >= first && current < to && (hours.Count == 0 || hours[^1] < current)) hours.Add(current);
        return hours;
    }

    private async Task<List<Trade>> ReadAsync(InstrumentId instrument, DateTime from, DateTime to, CancellationToken ct)
    {
        var trades = new List<Trade>();
        await foreach (var trade in log.ReplayTradesAsync(from, to, [instrument], null, ct)) trades.Add(trade);
        return trades;
    }

    private static IEnumerable<Trade> Ordered(List<Trade> trades) =>
        trades.OrderBy(t => t, Comparer<Trade>.Create((a, b) => TradeOrder.Compare(a.Time, a.TradeId, b.Time, b.TradeId)));
}
