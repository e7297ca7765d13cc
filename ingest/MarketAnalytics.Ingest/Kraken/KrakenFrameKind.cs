namespace MarketAnalytics.Ingest.Kraken;

/// <summary>The kinds of message a Kraken spot WebSocket (v2, or v1 for recordings) delivers.</summary>
public enum KrakenFrameKind : byte
{
    /// <summary>A <c>trade</c> message (v2 snapshot or update, v1 array); its trades were added.</summary>
    Trades,

    /// <summary>A v2 <c>ticker</c> or v1 <c>spread</c> message carrying a time; its best bid and ask were added.</summary>
    Quotes,

    /// <summary>A successful subscribe answer (v2 <c>"method":"subscribe","success":true</c>, v1 <c>subscriptionStatus</c>).</summary>
    Subscribed,

    /// <summary>A failed request (v2 <c>"success":false</c>) or a v1 <c>error</c> / failed <c>subscriptionStatus</c>.</summary>
    Error,

    /// <summary>Kraken's <c>heartbeat</c>, sent about once a second while no other message is due.</summary>
    Heartbeat,

    /// <summary>The answer to our <c>ping</c>.</summary>
    Pong,

    /// <summary>The system <c>status</c> (v2) or <c>systemStatus</c> (v1) message; <see cref="KrakenFrame.Text"/> is the state.</summary>
    Status,

    /// <summary>A valid message with nothing to take: another channel (<c>book</c>, <c>ohlc</c>), a v1 ticker without a time.</summary>
    Ignored,

    /// <summary>A broken message; nothing of it was added and <see cref="KrakenFrame.Text"/> says why.</summary>
    Malformed,
}
