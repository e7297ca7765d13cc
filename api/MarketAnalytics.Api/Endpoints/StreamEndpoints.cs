using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MarketAnalytics.Api.Auth;
using MarketAnalytics.Api.Endpoints.Validation;
using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The push API: server-sent events of the caller's order updates, fills and wallet changes, and the public trades and
/// book changes of the symbols in <c>?symbols=</c>.</summary>
/// <remarks>Every event's <c>id</c> is the exchange's global event sequence; ids a subscriber does not see belong to other users
/// or other symbols. A client that reconnects with <c>Last-Event-ID</c> gets every event after it, without gaps; without it the
/// stream starts with what happens next. When the events after <c>Last-Event-ID</c> are no longer buffered the stream sends one
/// <c>reset</c> event and ends: reload orders, wallet and book, then subscribe afresh.</remarks>
internal static class StreamEndpoints
{
    public static RouteGroupBuilder MapStreamEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/stream", Stream).ValidateRequest().RequireAuthorization(ApiKeyAuthentication.UserPolicy).WithTags("Exchange stream").WithSummary(
            "Server-sent events: your 'order', 'fill' and 'wallet' events, and 'trade' and 'book' events of ?symbols=BTC-USDT,ETH-USDT; " +
            "id = global sequence, resume with Last-Event-ID (your API key)");
        return api;
    }

    /// <summary>What a subscriber asks for: the public events of <c>symbols</c> (comma-separated markets) and, with the
    /// <c>Last-Event-ID</c> header, the events after that one.</summary>
    public sealed record StreamQuery : IValidatableObject
    {
        [FromQuery(Name = "symbols")] public string? Symbols { get; init; }
        [FromHeader(Name = "Last-Event-ID")] public string? LastEventId { get; init; }

        /// <summary>The markets asked for, each once.</summary>
        public HashSet<string> Markets() =>
            new((Symbols ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

        /// <summary>The sequence the stream starts after: <c>Last-Event-ID</c>, or the exchange's last event when absent.</summary>
        public long After(ExchangeService exchange) =>
            string.IsNullOrEmpty(LastEventId) ? exchange.LastEventSequence : long.Parse(LastEventId, NumberStyles.None, CultureInfo.InvariantCulture);

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            var exchange = validationContext.GetRequiredService<ExchangeService>();
            if (Markets().FirstOrDefault(symbol => !exchange.Markets.Any(m => m.Symbol == symbol)) is { } unknown)
                yield return new ValidationResult(
                    $"there is no market '{unknown}'; markets: {string.Join(", ", exchange.Markets.Select(m => m.Symbol))}", ["symbols"]);
            else if (!string.IsNullOrEmpty(LastEventId)
                && (!long.TryParse(LastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var after) || after > exchange.LastEventSequence))
                yield return new ValidationResult($"'{LastEventId}' is not the id of an event of this exchange", ["Last-Event-ID"]);
        }
    }

    public sealed record FillResponse(long TradeId, long OrderId, string Symbol, string Side, bool IsMaker, decimal Price, decimal Quantity, decimal Fee, DateTime Time);

    public sealed record WalletChange(string Asset, decimal Available, decimal Blocked, DateTime Time);

    public sealed record BookChange(string Symbol, string Side, decimal Price, decimal Quantity, int OrderCount, DateTime Time);

    public sealed record Reset(long OldestAvailable);

    private static ServerSentEventsResult<string> Stream([AsParameters] StreamQuery query, HttpContext http, ExchangeService exchange,
        IOptions<JsonOptions> json, IHostApplicationLifetime lifetime) =>
        TypedResults.ServerSentEvents(EventsAsync(http.Response, exchange, http.User.UserId(), query.Markets(), query.After(exchange),
            json.Value.SerializerOptions, lifetime.ApplicationStopping, http.RequestAborted));

    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(HttpResponse response, ExchangeService exchange, long user,
        HashSet<string> symbols, long after, JsonSerializerOptions json, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted)
    {
        // The stream ends when the client goes or the host stops, so open streams never hold up a shutdown.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        // Send the headers now: a subscriber learns it is subscribed before its first event, which may be long in coming.
        await response.Body.FlushAsync(linked.Token);
        await using var events = exchange.ReadEventsAsync(after, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            SseItem<string>? item = null;
            try
            {
                if (!await events.MoveNextAsync()) yield break;
                if (ToItem(events.Current, user, symbols, json) is { } mine) item = mine;
                else continue;
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                yield break;
            }
            catch (EventsUnavailableException e)
            {
                item = new SseItem<string>(JsonSerializer.Serialize(new Reset(e.OldestAvailable), json), "reset");
            }
            yield return item.Value;
            if (item.Value.EventType == "reset") yield break;
        }
    }

    /// <summary>The event as the subscriber sees it, or null when it is someone else's or of a symbol not subscribed.</summary>
    private static SseItem<string>? ToItem(ExchangeEvent e, long user, HashSet<string> symbols, JsonSerializerOptions json)
    {
        (string Type, object Data)? shown = e switch
        {
            OrderUpdatedEvent o when o.UserId == user => ("order", OrderEndpoints.OrderResponse.Of(o.Order)),
            FillEvent f when f.User == user => ("fill", new FillResponse(
                f.TradeId, f.OrderId, f.Market, f.Side.SnakeCaseName(), f.IsMaker, f.Price, f.Quantity, f.Fee, f.Time)),
            WalletChangedEvent w when w.User == user => ("wallet", new WalletChange(w.Balance.Asset, w.Balance.Available, w.Balance.Blocked, w.Time)),
            PublicTradeEvent t when symbols.Contains(t.Trade.Symbol) => ("trade", MarketEndpoints.MarketTradeResponse.Of(t.Trade)),
            BookChangedEvent b when symbols.Contains(b.Market) => ("book", new BookChange(
                b.Market, b.Side.SnakeCaseName(), b.Level.Price, b.Level.Quantity, b.Level.OrderCount, b.Time)),
            _ => null,
        };
        if (shown is not { } s) return null;
        return new SseItem<string>(JsonSerializer.Serialize(s.Data, s.Data.GetType(), json), s.Type)
        {
            EventId = e.Sequence.ToString(CultureInfo.InvariantCulture),
        };
    }
}
