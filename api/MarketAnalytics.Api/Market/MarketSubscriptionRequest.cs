using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Market;

/// <summary>Turns the symbols, channels and interval a client asks for (query string or WebSocket message) into the keys it follows.</summary>
/// <remarks>Symbols resolve as everywhere (<c>venue:SYMBOL</c>, bare when one venue has it): unknown ones are 404, malformed or
/// ambiguous ones 400. Channels default to trades, candles and prices (and book for internal markets), the interval to 1m.</remarks>
internal static class MarketSubscriptionRequest
{
    public static readonly string[] ChannelNames = ["trades", "candles", "prices", "book"];

    /// <summary>The resolved instruments, the channels and the interval, or the 400/404 answer naming the parameter.</summary>
    public static async Task<(List<InstrumentId> Instruments, MarketChannels Channels, CandleInterval Interval, IResult? Error)> ParseAsync(
        IEnumerable<string> symbols, IEnumerable<string>? channels, string? interval, InstrumentResolver resolver, CancellationToken ct)
    {
        var instruments = new List<InstrumentId>();
        foreach (var symbol in symbols)
        {
            var (instrument, error) = await resolver.ResolveAsync(symbol, ct, "symbols");
            if (error is not null) return ([], default, default, error);
            if (!instruments.Contains(instrument)) instruments.Add(instrument);
        }
        if (instruments.Count == 0) return ([], default, default, QueryErrors.BadParameter("symbols", "name at least one symbol, e.g. symbols=bitmex:XBTUSD,binanceusdm:BTCUSDT"));
        var wanted = MarketChannels.None;
        foreach (var name in channels ?? [])
        {
            var index = Array.IndexOf(ChannelNames, name.Trim().ToLowerInvariant());
            if (index < 0) return ([], default, default, QueryErrors.BadParameter("channels", $"'{name}' is not one of {string.Join(", ", ChannelNames)}"));
            wanted |= (MarketChannels)(1 << index);
        }
        if (wanted == MarketChannels.None) wanted = MarketChannels.Trades | MarketChannels.Candles | MarketChannels.Prices | MarketChannels.Book;
        if (!QueryParameters.TryInterval(interval, out var length, out var intervalError))
            return ([], default, default, QueryErrors.BadParameter("interval", intervalError!));
        return (instruments, wanted, length, null);
    }

    /// <summary>The keys of the parsed request (book only for internal markets).</summary>
    public static IEnumerable<MarketKey> Keys(IEnumerable<InstrumentId> instruments, MarketChannels channels, CandleInterval interval)
    {
        foreach (var instrument in instruments)
        {
            if (channels.HasFlag(MarketChannels.Trades)) yield return new MarketKey(instrument, MarketChannels.Trades, null);
            if (channels.HasFlag(MarketChannels.Candles)) yield return new MarketKey(instrument, MarketChannels.Candles, interval.Name);
            if (channels.HasFlag(MarketChannels.Prices)) yield return new MarketKey(instrument, MarketChannels.Prices, null);
            if (channels.HasFlag(MarketChannels.Book) && instrument.Venue == Venues.Internal) yield return new MarketKey(instrument, MarketChannels.Book, null);
        }
    }

    /// <summary>The message of a 400/404 answer, for clients that get errors as messages (WebSocket).</summary>
    public static string Describe(IResult error) => error switch
    {
        ValidationProblem v => string.Join("; ", v.ProblemDetails.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        ProblemHttpResult p => $"{p.ProblemDetails.Extensions["parameter"]}: {p.ProblemDetails.Detail}",
        _ => error.ToString() ?? "bad request",
    };
}
