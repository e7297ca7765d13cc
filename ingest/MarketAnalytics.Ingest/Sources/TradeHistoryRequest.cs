using System.Net;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>The GET that a venue's REST trade history (<see cref="ITradeHistory"/>) sends for one page.</summary>
internal static class TradeHistoryRequest
{
    /// <summary>The body of <paramref name="url"/>'s answer.</summary>
    /// <exception cref="TradeHistoryException">The venue answered an error status: transient for 429 and 5xx (the filler retries
    /// later), lasting otherwise; the message names the request, the status and the start of the body.</exception>
    public static async Task<byte[]> GetAsync(HttpClient http, Uri url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered {(int)response.StatusCode}: {Excerpt.Of(body)}",
                isTransient: response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500);
        return body;
    }
}
