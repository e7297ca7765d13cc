using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The exchange's state as <c>/health</c> and the 503 answers show it: <c>running</c>, or <c>stopped</c> with why and since when.</summary>
public sealed record ExchangeStatusResponse(string State, string? Reason, DateTimeOffset? Since)
{
    public static ExchangeStatusResponse Of(ExchangeStatus status) => new(status.State.SnakeCaseName(), status.Reason, status.Since);
}
