namespace MarketAnalytics.Ingest.Kraken;

/// <summary>What one Kraken WebSocket message was, with its human-readable detail where it has one.</summary>
/// <remarks><see cref="Text"/> is the channel and symbol for <see cref="KrakenFrameKind.Subscribed"/>, Kraken's message for
/// <see cref="KrakenFrameKind.Error"/>, the system state for <see cref="KrakenFrameKind.Status"/>, the reason for
/// <see cref="KrakenFrameKind.Malformed"/>, and null otherwise.</remarks>
public readonly record struct KrakenFrame(KrakenFrameKind Kind, string? Text = null);
