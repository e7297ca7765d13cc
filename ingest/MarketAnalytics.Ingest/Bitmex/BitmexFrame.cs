namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>What one BitMEX realtime frame was, with its human-readable detail where it has one.</summary>
/// <remarks><see cref="Text"/> is the subscription for <see cref="BitmexFrameKind.Subscribed"/>, <c>status: message</c> for
/// <see cref="BitmexFrameKind.Error"/>, the greeting for <see cref="BitmexFrameKind.Welcome"/>, the reason for
/// <see cref="BitmexFrameKind.Malformed"/>, and null otherwise.</remarks>
public readonly record struct BitmexFrame(BitmexFrameKind Kind, string? Text = null);
