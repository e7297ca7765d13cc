using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Api.Market;

/// <summary>Settings of the market push (section <c>MarketPush</c>).</summary>
public sealed class MarketPushOptions
{
    public const string Section = "MarketPush";

    /// <summary>Events kept for clients that reconnect with <c>Last-Event-ID</c>.</summary>
    [Range(16, 10_000_000, ErrorMessage = "MarketPush:ReplayEvents must be from 16 to 10000000")]
    public int ReplayEvents { get; set; } = 100_000;

    /// <summary>Events queued for one client before it counts as too slow and is dropped (told so, then disconnected).</summary>
    [Range(1, 1_000_000, ErrorMessage = "MarketPush:ClientBufferEvents must be from 1 to 1000000")]
    public int ClientBufferEvents { get; set; } = 10_000;

    /// <summary>Seconds between WebSocket pings to an idle client.</summary>
    [Range(1, 3600, ErrorMessage = "MarketPush:PingSeconds must be from 1 to 3600")]
    public int PingSeconds { get; set; } = 15;
}
