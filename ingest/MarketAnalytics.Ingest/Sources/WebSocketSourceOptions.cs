using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>The connection settings every WebSocket source shares: address, heartbeat, staleness, timeouts and backoff.</summary>
/// <remarks>Validated with data annotations (a host binds it with <c>ValidateDataAnnotations().ValidateOnStart()</c>; the
/// <see cref="WebSocketFeed"/> validates it again); each message names the setting at fault.</remarks>
public abstract class WebSocketSourceOptions : IValidatableObject
{
    /// <summary>The WebSocket address (ws:// or wss://).</summary>
    [Required]
    public Uri Url { get; set; } = null!;

    /// <summary>After this long without any message the source sends the venue's ping (BitMEX: text <c>ping</c>, answered <c>pong</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this long without any message, pong included, the connection is taken for dead and replaced; it is also
    /// the window within which a message must have arrived for the source's health to be Healthy.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan StalenessTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long connecting (TCP, TLS and WebSocket handshake) may take before the attempt counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first reconnect after a failure; it doubles with each failure in a row, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnects.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long stopping waits for the server to answer the close handshake before the connection is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { IsAbsoluteUri: true, Scheme: not ("ws" or "wss") } || Url is { IsAbsoluteUri: false })
            yield return new ValidationResult($"{nameof(Url)} must be an absolute ws:// or wss:// address, got '{Url}'", [nameof(Url)]);
        if (StalenessTimeout <= HeartbeatInterval)
            yield return new ValidationResult(
                $"{nameof(StalenessTimeout)} ({StalenessTimeout}) must be longer than {nameof(HeartbeatInterval)} ({HeartbeatInterval}), or every ping would come too late",
                [nameof(StalenessTimeout), nameof(HeartbeatInterval)]);
        if (ReconnectMaxDelay < ReconnectBaseDelay)
            yield return new ValidationResult($"{nameof(ReconnectMaxDelay)} must not be shorter than {nameof(ReconnectBaseDelay)}",
                [nameof(ReconnectMaxDelay), nameof(ReconnectBaseDelay)]);
    }
}
