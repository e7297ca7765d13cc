using System.ComponentModel.DataAnnotations;
using System.Net.WebSockets;
using System.Text;
using MarketAnalytics.Core;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>Reads BitMEX's realtime <c>trade</c> and <c>quote</c> tables over a WebSocket and records them, reconnecting forever.</summary>
/// <remarks>
/// Each connection subscribes <c>trade:S</c> and <c>quote:S</c> for <see cref="BitmexReaderOptions.Symbols"/> and records the
/// <c>partial</c> and every <c>insert</c> through the <see cref="MarketRecorder"/>. When nothing arrives for
/// <see cref="BitmexReaderOptions.HeartbeatInterval"/> it sends <c>ping</c>; when nothing, not even <c>pong</c>, arrives for
/// <see cref="BitmexReaderOptions.StalenessTimeout"/> it aborts the connection, so a dead link never stalls silently. Every
/// lost connection is replaced after an exponential, jittered backoff that starts over once a connection delivers data.
/// BitMEX replays recent trades in the <c>partial</c> of every new connection; the log's idempotent append drops them, so the
/// reader does not dedupe. All waiting and timing runs on the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed partial class BitmexWebSocketReader
{
    private readonly BitmexReaderOptions _options;
    private readonly MarketRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _reconnect;
    private static readonly ReadOnlyMemory<byte> Ping = "ping"u8.ToArray();
    private readonly BitmexFrameParser _parser = new();
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];

    private volatile bool _connected;
    private long _lastMessageAtTicks;
    private int _reconnects;
    private volatile string? _lastError;
    private int _failuresInARow;
    private long _droppedRecords;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public BitmexWebSocketReader(BitmexReaderOptions options, MarketRecorder recorder, TimeProvider time, ILogger<BitmexWebSocketReader> logger)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _options = options;
        _recorder = recorder;
        _time = time;
        _logger = logger;
        _reconnect = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(NextDelay()),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _reconnects);
                    LogReconnecting(_logger, _options.Url, args.RetryDelay.TotalSeconds, _failuresInARow, args.Outcome.Exception?.Message ?? "unknown");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public BitmexReaderStatus Status
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastMessageAtTicks);
            return new BitmexReaderStatus(_connected, ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero), Volatile.Read(ref _reconnects), _lastError,
                Interlocked.Read(ref _droppedRecords));
        }
    }

    /// <summary>Reads until <paramref name="ct"/> is cancelled, then returns; connection failures never end it. Call it once.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await _reconnect.ExecuteAsync(async token => await RunConnectionAsync(token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Stopping is the only way out; whatever the connection was doing when asked to stop no longer matters.
        }
    }

    // Runs one connection until it is lost; always ends by throwing, with the reason as the message.
    private async Task RunConnectionAsync(CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        // BitMEX wants its own text ping; protocol-level keep-alives would not tell us the feed is alive.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watchdog = new Watchdog();
        Task? watching = null;
        // What a failed recording left behind is replayed by the next connection's partial anyway.
        _trades.Clear();
        _quotes.Clear();
        try
        {
            await ConnectAsync(socket, ct).ConfigureAwait(false);
            _connected = true;
            MarkMessage();
            await SubscribeAsync(socket, ct).ConfigureAwait(false);
            watching = WatchAsync(socket, watchdog, session.Token);
            await ReceiveAsync(socket, session.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var reason = watchdog.AbortReason ?? (e is BitmexConnectionLostException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            _lastError = reason;
            _failuresInARow++;
            throw new BitmexConnectionLostException(reason, e);
        }
        finally
        {
            _connected = false;
            await session.CancelAsync().ConfigureAwait(false);
            if (watching is not null) await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ConnectAsync(ClientWebSocket socket, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await socket.ConnectAsync(_options.Url, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new BitmexConnectionLostException($"connecting took longer than {_options.ConnectTimeout.TotalSeconds:0.0} s", e);
        }
    }

    private Task SubscribeAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var topics = _options.Symbols.SelectMany(symbol => new[] { $"\"trade:{symbol}\"", $"\"quote:{symbol}\"" });
        var request = Encoding.UTF8.GetBytes($$"""{"op":"subscribe","args":[{{string.Join(',', topics)}}]}""");
        return socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, ct);
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= _options.MaxMessageBytes)
                    throw new BitmexConnectionLostException($"a message is larger than {_options.MaxMessageBytes} bytes");
                Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, _options.MaxMessageBytes));
            }
            var received = await socket.ReceiveAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
                throw new BitmexConnectionLostException($"the server closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription})".TrimEnd());
            length += received.Count;
            if (!received.EndOfMessage) continue;

            MarkMessage();
            if (Parse(buffer.AsSpan(0, length)) && (_trades.Count > 0 || _quotes.Count > 0))
            {
                await _recorder.RecordAsync(_trades, _quotes, ct).ConfigureAwait(false);
                _trades.Clear();
                _quotes.Clear();
            }
            length = 0;
        }
    }

    // Parses one message; true when it was a trade or quote frame.
    private bool Parse(ReadOnlySpan<byte> message)
    {
        var frame = _parser.Parse(message, _trades, _quotes);
        switch (frame.Kind)
        {
            case BitmexFrameKind.Trades or BitmexFrameKind.Quotes:
                // A connection that delivers data is healthy: the next failure backs off from the start again.
                _failuresInARow = 0;
                DropOutOfRange();
                return true;
            case BitmexFrameKind.Welcome:
                LogWelcome(_logger, _options.Url, frame.Text);
                break;
            case BitmexFrameKind.Subscribed:
                LogSubscribed(_logger, frame.Text);
                break;
            case BitmexFrameKind.Error:
                LogServerError(_logger, frame.Text);
                break;
            case BitmexFrameKind.Malformed:
                LogMalformed(_logger, frame.Text);
                break;
        }
        return false;
    }

    // A record whose exchange time is outside ValidTimes' range (a wrong clock, a broken frame) would sit in the aggregates or
    // hold the current price for good: it is counted, logged and dropped, and the rest of the frame is recorded.
    private void DropOutOfRange()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        DateTime? first = null;
        var dropped = _trades.RemoveAll(t => !Keep(t.Time)) + _quotes.RemoveAll(q => !Keep(q.Time));
        if (dropped == 0) return;
        Interlocked.Add(ref _droppedRecords, dropped);
        LogOutOfRange(_logger, dropped, UtcTime.Format(first!.Value), ValidTimes.DescribeTradeRange(now));

        bool Keep(DateTime time)
        {
            if (ValidTimes.IsTradeTime(time, now)) return true;
            first ??= time;
            return false;
        }
    }

    private sealed class Watchdog
    {
        public volatile string? AbortReason;
    }

    private async Task WatchAsync(ClientWebSocket socket, Watchdog watchdog, CancellationToken ct)
    {
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, _options.HeartbeatInterval.Ticks / 4));
        var pingedAt = DateTimeOffset.MinValue;
        var firstPingOfSilence = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(tick, _time, ct).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var lastMessage = new DateTimeOffset(Interlocked.Read(ref _lastMessageAtTicks), TimeSpan.Zero);
            var idle = now - lastMessage;
            // Dead only if a ping went out in this silence and had the rest of the limit to be answered, so a stall on our
            // side (a long GC pause, a starved thread pool) is not mistaken for a dead server.
            if (idle >= _options.StalenessTimeout && firstPingOfSilence > lastMessage
                && now - firstPingOfSilence >= _options.StalenessTimeout - _options.HeartbeatInterval)
            {
                watchdog.AbortReason = $"no message for {idle.TotalSeconds:0.0} s, not even a pong";
                socket.Abort();
                return;
            }
            if (idle >= _options.HeartbeatInterval && now - Max(pingedAt, lastMessage) >= _options.HeartbeatInterval)
            {
                if (pingedAt <= lastMessage) firstPingOfSilence = now;
                pingedAt = now;
                try
                {
                    await socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
                {
                    // A link that cannot take a ping is dead even if the receiving side has not noticed yet.
                    watchdog.AbortReason = $"sending a ping failed: {e.Message}";
                    socket.Abort();
                    return;
                }
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void MarkMessage() => Interlocked.Exchange(ref _lastMessageAtTicks, _time.GetUtcNow().UtcTicks);

    private TimeSpan NextDelay()
    {
        var doublings = Math.Min(Math.Max(_failuresInARow - 1, 0), 30);
        var ceiling = Math.Min(_options.ReconnectBaseDelay.Ticks * (double)(1L << doublings), _options.ReconnectMaxDelay.Ticks);
        // Jitter keeps many readers that lost the same server from reconnecting in step.
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + 0.5 * Random.Shared.NextDouble())));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconnecting to {Url} in {DelaySeconds:0.0} s (attempt {Attempt}): {Reason}")]
    private static partial void LogReconnecting(ILogger logger, Uri url, double delaySeconds, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to {Url}: {Greeting}")]
    private static partial void LogWelcome(ILogger logger, Uri url, string? greeting);

    [LoggerMessage(Level = LogLevel.Information, Message = "subscribed to {Subscription}")]
    private static partial void LogSubscribed(ILogger logger, string? subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BitMEX reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed BitMEX frame: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} records of a frame whose exchange time (first {Time}) is outside the valid range {Range}")]
    private static partial void LogOutOfRange(ILogger logger, int count, string time, string range);
}
