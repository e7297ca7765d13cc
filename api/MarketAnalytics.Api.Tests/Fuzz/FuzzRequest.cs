namespace MarketAnalytics.Api.Tests.Fuzz;

/// <summary>One generated request: method, path with its raw (already percent-encoded) query, whose key it carries, the
/// <c>Last-Event-ID</c> header when any, and the body with its content type (null: none sent).</summary>
public sealed record FuzzRequest(string Method, string PathAndQuery, FuzzKey Key, FuzzBody? Body = null, string? ContentType = null,
    string? LastEventId = null)
{
    public override string ToString() =>
        $"{Method} {PathAndQuery} key={Key}" + (LastEventId is null ? "" : $" Last-Event-ID={LastEventId}") +
        (Body is null ? "" : $" Content-Type={ContentType ?? "(none)"} body={Body}");
}
