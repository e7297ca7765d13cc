namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>Ends one BitMEX connection, with the reason the reconnect log line gives.</summary>
internal sealed class BitmexConnectionLostException(string reason, Exception? inner = null) : Exception(reason, inner);
