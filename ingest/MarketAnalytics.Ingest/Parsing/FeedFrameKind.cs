namespace MarketAnalytics.Ingest.Parsing;

/// <summary>The kinds of message a venue's market-data WebSocket delivers, as far as a reader needs to tell them apart.</summary>
public enum FeedFrameKind : byte
{
    /// <summary>Trades; they were added to the caller's list.</summary>
    Trades,

    /// <summary>Best bid/ask; the quote was added to the caller's list.</summary>
    Quotes,

    /// <summary>A subscription acknowledgement.</summary>
    Subscribed,

    /// <summary>An error the venue reports (a refused subscription, a bad request); the connection stays usable.</summary>
    Error,

    /// <summary>The answer to our heartbeat.</summary>
    Pong,

    /// <summary>The venue's own heartbeat, sent while no other message is due (Kraken, about once a second).</summary>
    Heartbeat,

    /// <summary>The venue's system status (Kraken's <c>status</c>, v1 <c>systemStatus</c>); <see cref="FeedFrame.Text"/> is the state.</summary>
    Status,

    /// <summary>A valid frame with nothing to take: another channel, a notice, an unsubscribe.</summary>
    Ignored,

    /// <summary>A broken frame; nothing of it was added and <see cref="FeedFrame.Text"/> says why.</summary>
    Malformed,
}
