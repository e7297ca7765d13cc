using MarketAnalytics.Ingest.GapFill;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>A snapshot of a live source's connection, for health checks.</summary>
/// <param name="Url">Where it connects.</param>
/// <param name="IsConnected">A connection is open.</param>
/// <param name="LastMessageAt">When the last message of any kind arrived (the source's clock), null before the first.</param>
/// <param name="ReconnectCount">Connections lost or failed since the source started, each followed by a reconnect.</param>
/// <param name="LastError">Why the last connection ended or failed, null while none has.</param>
/// <param name="StalenessWindow">Silence longer than this means the feed is not alive, connected or not.</param>
public sealed record SourceStatus(
    Uri Url, bool IsConnected, DateTimeOffset? LastMessageAt, int ReconnectCount, string? LastError, TimeSpan StalenessWindow)
{
    /// <summary>WebSocket messages received since the source started, of every kind.</summary>
    public long MessagesReceived { get; init; }

    /// <summary>Records the source's parser dropped because their exchange time was outside <c>ValidTimes</c>' range.</summary>
    public long DroppedRecords { get; init; }

    /// <summary>The REST gap-fills of the source so far; <see cref="GapFillReport.None"/> for a source without them.</summary>
    public GapFillReport GapFill { get; init; } = GapFillReport.None;

    /// <summary>Connected, and a message arrived within <see cref="StalenessWindow"/> before <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now) => IsConnected && LastMessageAt is { } last && now - last <= StalenessWindow;
}
