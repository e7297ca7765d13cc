namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>A snapshot of the BitMEX reader's health, for a health endpoint.</summary>
/// <param name="IsConnected">A connection is open and subscribed.</param>
/// <param name="LastMessageAt">When the last message of any kind arrived (the reader's clock), null before the first.</param>
/// <param name="ReconnectCount">Reconnects since the reader started.</param>
/// <param name="LastError">Why the last connection ended, null while none has.</param>
/// <param name="DroppedRecords">Trades and quotes dropped because their exchange time was outside <c>ValidTimes</c>' range.</param>
public sealed record BitmexReaderStatus(bool IsConnected, DateTimeOffset? LastMessageAt, int ReconnectCount, string? LastError, long DroppedRecords);
