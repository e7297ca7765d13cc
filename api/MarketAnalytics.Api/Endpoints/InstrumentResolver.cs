using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Turns a <c>symbol</c> query value into an instrument: <c>venue:SYMBOL</c> as written, or a bare <c>SYMBOL</c> when
/// exactly one venue has it.</summary>
/// <remarks>Known are the instruments with aggregates and, where this process runs the internal exchange, its markets (so a new
/// market can be watched before its first trade).</remarks>
internal sealed class InstrumentResolver(IAggregateStore store, ExchangeService? exchange = null)
{
    public async Task<(InstrumentId Instrument, ProblemHttpResult? Error)> ResolveAsync(string? text, CancellationToken ct, string parameter = "symbol")
    {
        if (string.IsNullOrWhiteSpace(text))
            return (default, QueryErrors.BadParameterProblem(parameter, $"{parameter} is required, as venue:SYMBOL (e.g. bitmex:XBTUSD) or a bare SYMBOL"));
        var known = (await store.GetInstrumentsAsync(ct)).ToHashSet();
        if (exchange is not null) known.UnionWith(exchange.Markets.Select(m => InstrumentId.Of(Venues.Internal, m.Symbol)));
        if (text.Contains(':'))
        {
            if (!InstrumentId.TryParse(text, out var id))
                return (default, QueryErrors.BadParameterProblem(parameter, $"'{text}' is not of the form venue:SYMBOL"));
            return known.Contains(id) ? (id, null) : (default, QueryErrors.NotFound(parameter, $"no trades are known for {id}"));
        }
        if (!InstrumentId.IsSymbol(text))
            return (default, QueryErrors.BadParameterProblem(parameter, $"'{text}' is not a symbol"));
        var matches = known.Where(k => string.Equals(k.Symbol, text, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (default, QueryErrors.NotFound(parameter, $"no venue has trades for {text.ToUpperInvariant()}")),
            _ => (default, QueryErrors.BadParameterProblem(parameter,
                $"{text.ToUpperInvariant()} trades on {string.Join(", ", matches.Select(m => m.Venue))}; write venue:SYMBOL")),
        };
    }
}
