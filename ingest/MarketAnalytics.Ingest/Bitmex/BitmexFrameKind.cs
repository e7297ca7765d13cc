namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>The kinds of message a BitMEX realtime connection delivers.</summary>
public enum BitmexFrameKind : byte
{
    /// <summary>A <c>trade</c> table frame (<c>partial</c> or <c>insert</c>); its trades were added.</summary>
    Trades,

    /// <summary>A <c>quote</c> table frame (<c>partial</c> or <c>insert</c>); its quotes were added.</summary>
    Quotes,

    /// <summary>The greeting sent on connect (<c>{"info":…,"version":…}</c>).</summary>
    Welcome,

    /// <summary>A subscription acknowledgement (<c>{"success":true,"subscribe":"trade:XBTUSD"}</c>).</summary>
    Subscribed,

    /// <summary>An error the server reports (<c>{"status":400,"error":…}</c>); the connection stays usable.</summary>
    Error,

    /// <summary>The text answer <c>pong</c> to our <c>ping</c>.</summary>
    Pong,

    /// <summary>A valid frame with nothing to take: another table (e.g. <c>orderBookL2</c>), an update or delete, an unsubscribe.</summary>
    Ignored,

    /// <summary>A broken frame; nothing of it was added and <see cref="BitmexFrame.Text"/> says why.</summary>
    Malformed,
}
