using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>Settings of the <see cref="BitmexWebSocketReader"/>, bound from configuration (section <c>Bitmex</c>).</summary>
/// <remarks>Validated with data annotations, so a host can bind it with <c>ValidateDataAnnotations().ValidateOnStart()</c>; the
/// reader validates it again when built. Each message names the setting at fault.</remarks>
public sealed class BitmexReaderOptions : IValidatableObject
{
    public const string Section = "Bitmex";

    /// <summary>The realtime endpoint, <c>wss://ws.bitmex.com/realtime</c> by default.</summary>
    [Required]
    public Uri Url { get; set; } = new("wss://ws.bitmex.com/realtime");

    /// <summary>The symbols whose <c>trade</c> and <c>quote</c> tables are subscribed.</summary>
    [Required, MinLength(1)]
    public string[] Symbols { get; set; } = ["XBTUSD", "ETHUSD", "SOLUSDT", "XRPUSD"];

    /// <summary>After this long without any message the reader sends the text <c>ping</c> (BitMEX answers <c>pong</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this long without any message, pong included, the connection is taken for dead, aborted and replaced.</summary>
    /// <remarks>A connection is declared dead only once a ping has gone out and stayed unanswered for
    /// <c>StalenessTimeout - HeartbeatInterval</c>.</remarks>
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

    /// <summary>The largest message accepted; a larger one ends the connection rather than the process's memory.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { IsAbsoluteUri: true, Scheme: not ("ws" or "wss") } || Url is { IsAbsoluteUri: false })
            yield return new ValidationResult($"{nameof(Url)} must be an absolute ws:// or wss:// address, got '{Url}'", [nameof(Url)]);
        foreach (var symbol in Symbols ?? [])
            if (!Core.InstrumentId.IsToken(symbol))
                yield return new ValidationResult($"{nameof(Symbols)} contains '{symbol}', which is not a symbol", [nameof(Symbols)]);
        if (StalenessTimeout <= HeartbeatInterval)
            yield return new ValidationResult(
                $"{nameof(StalenessTimeout)} ({StalenessTimeout}) must be longer than {nameof(HeartbeatInterval)} ({HeartbeatInterval}), or every ping would come too late",
                [nameof(StalenessTimeout), nameof(HeartbeatInterval)]);
        if (ReconnectMaxDelay < ReconnectBaseDelay)
            yield return new ValidationResult($"{nameof(ReconnectMaxDelay)} must not be shorter than {nameof(ReconnectBaseDelay)}",
                [nameof(ReconnectMaxDelay), nameof(ReconnectBaseDelay)]);
    }
}
