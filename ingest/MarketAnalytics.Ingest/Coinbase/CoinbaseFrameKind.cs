namespace MarketAnalytics.Ingest.Coinbase;

/// <summary>The kinds of message the Coinbase Exchange WebSocket feed delivers.</summary>
public enum CoinbaseFrameKind : byte
{
    /// <summary>A <c>match</c> or <c>last_match</c> (the latest trade, sent on subscribe); its trade was added.</summary>
    Trade,

    /// <summary>A <c>ticker</c>; its best bid and ask were added as a quote.</summary>
    Quote,

    /// <summary>The <c>subscriptions</c> answer to a subscribe request, listing the channels now subscribed.</summary>
    Subscribed,

    /// <summary>A <c>heartbeat</c> (one a second per product on the <c>heartbeat</c> channel), with the product's last trade id.</summary>
    Heartbeat,

    /// <summary>An <c>error</c> the feed reports (<c>message</c> and <c>reason</c>); Coinbase usually closes the connection after it.</summary>
    Error,

    /// <summary>A valid message with nothing to take: another type (<c>status</c>, <c>l2update</c>, …).</summary>
    Ignored,

    /// <summary>A broken message; nothing of it was added and <see cref="CoinbaseFrame.Text"/> says why.</summary>
    Malformed,
}
