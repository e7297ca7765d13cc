using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Turns a <c>symbol</c> query value into an instrument: <c>venue:SYMBOL</c> as written, or a bare <c>SYMBOL</c> when
/// exactly one venue has it.</summary>
internal sealed class InstrumentResolver(IAggregateStore store)
{
    public async Task<(InstrumentId Instrument, IResult? Error)> ResolveAsync(string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (default, QueryErrors.BadParameter("symbol", "symbol is required, as venue:SYMBOL (e.g. bitmex:XBTUSD) or a bare SYMBOL"));
        var known = await store.GetInstrumentsAsync(ct);
        if (text.Contains(':'))
        {
            if (!InstrumentId.TryParse(text, out var id))
                return (default, QueryErrors.BadParameter("symbol", $"'{text}' is not of the form venue:SYMBOL"));
            return known.Contains(id) ? (id, null) : (default, QueryErrors.NotFound("symbol", $"no trades are known for {id}"));
        }
        if (!InstrumentId.IsToken(text))
            return (default, QueryErrors.BadParameter("symbol", $"'{text}' is not a symbol"));
        var matches = known.Where(k => string.Equals(k.Symbol, text, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (default, QueryErrors.NotFound("symbol", $"no venue has trades for {text.ToUpperInvariant()}")),
            _ => (default, QueryErrors.BadParameter("symbol",
                $"{text.ToUpperInvariant()} trades on {string.Join(", ", matches.Select(m => m.Venue))}; write venue:SYMBOL")),
        };
    }
}
