namespace MarketAnalytics.Ingest.Parsing;

/// <summary>What one venue frame was, with its human-readable detail where it has one.</summary>
/// <remarks><see cref="Text"/> is the subscription for <see cref="FeedFrameKind.Subscribed"/>, the venue's code and message for
/// <see cref="FeedFrameKind.Error"/>, the reason for <see cref="FeedFrameKind.Malformed"/>, and null otherwise.</remarks>
public readonly record struct FeedFrame(FeedFrameKind Kind, string? Text = null)
{
    /// <summary>A broken frame, and why.</summary>
    public static FeedFrame Malformed(string reason) => new(FeedFrameKind.Malformed, reason);

    /// <summary>The line-level outcome of this frame, for importing recordings.</summary>
    public LineParseResult ToLineResult() => Kind switch
    {
        FeedFrameKind.Trades or FeedFrameKind.Quotes => LineParseResult.Records,
        FeedFrameKind.Malformed => LineParseResult.Malformed(Text!),
        _ => LineParseResult.Ignored,
    };
}
