using System.ComponentModel.DataAnnotations;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Websocket.Client;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>One venue's WebSocket connection, kept open forever on Websocket.Client: it reconnects, pings, replaces a silent
/// connection, and hands every message, in order, to the venue's reader.</summary>
/// <remarks>
/// Websocket.Client reconnects after a failed connect (<c>ErrorReconnectTimeout</c>), a lost or server-closed connection
/// (<c>LostReconnectTimeout</c>) and after <see cref="WebSocketSourceOptions.StalenessTimeout"/> without any message
/// (<c>ReconnectTimeout</c>, replaced at once). Before each wait the feed sets those timeouts to an exponential, jittered
/// backoff that starts over once a connection delivers data, so many readers that lost the same server do not reconnect in
/// step. The venue's ping goes out when nothing arrived for <see cref="WebSocketSourceOptions.HeartbeatInterval"/>. Messages
/// pass through a bounded queue to one handler, which runs on its own task; a full queue holds the socket's reader back.
/// Stopping waits at most <see cref="WebSocketSourceOptions.CloseTimeout"/> for the server's close reply.
/// </remarks>
public sealed partial class WebSocketFeed
{
    private const int QueueCapacity = 4096;

    // Queued, by reference, ahead of a new connection's first message, so the handler learns of the connection in order.
    private static readonly byte[] NewConnection = new byte[1];

    private readonly string _name;
    private readonly WebSocketSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?>[] _sourceTag;

    private volatile bool _connected;
    private long _lastMessageAtTicks;
    private long _messagesReceived;
    private int _reconnects;
    private volatile string? _lastError;
    private int _failuresInARow;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public WebSocketFeed(string name, WebSocketSourceOptions options, TimeProvider time, ILogger logger)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _name = name;
        _options = options;
        _time = time;
        _logger = logger;
        _sourceTag = [new("source", name)];
    }

    public SourceStatus Status
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastMessageAtTicks);
            return new SourceStatus(_options.Url, _connected, ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero),
                Volatile.Read(ref _reconnects), _lastError, _options.StalenessTimeout) { MessagesReceived = Interlocked.Read(ref _messagesReceived) };
        }
    }

    /// <summary>Connects and reads until <paramref name="ct"/> is cancelled; failures never end it. Call it once.</summary>
    /// <param name="subscriptions">The text messages to send on every new connection.</param>
    /// <param name="ping">The venue's text ping, sent on an idle connection.</param>
    /// <param name="handle">Handles one message, told whether another one is already queued behind it (so that it may
    /// handle a burst as one batch); true when it carried market data (which resets the backoff). An exception replaces the
    /// connection, so the venue's snapshot or the reader's gap-fill on the next one makes up for what the failed handling lost.</param>
    /// <param name="connected">Called on the handler's task after every message of earlier connections was handled and before
    /// the new connection's first one (a reader's gap-fill starts from there).</param>
    public async Task RunAsync(
        IReadOnlyList<string> subscriptions, string ping, Func<ReadOnlyMemory<byte>, bool, CancellationToken, ValueTask<bool>> handle,
        Func<CancellationToken, ValueTask> connected, CancellationToken ct)
    {
        var queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        using var client = new WebsocketClient(_options.Url, logger: null, ConnectAsync)
        {
            Name = _name,
            ConnectTimeout = _options.ConnectTimeout,
            ReconnectTimeout = _options.StalenessTimeout,
            IsTextMessageConversionEnabled = false,
        };
        ArmBackoff(client, 1);
        using var received = client.MessageReceived.Subscribe(message =>
        {
            MarkMessage();
            // Blocks the socket's reader only while the handler is QueueCapacity messages behind.
            if (!queue.Writer.TryWrite(message.Binary!)) queue.Writer.WriteAsync(message.Binary!, ct).AsTask().GetAwaiter().GetResult();
            Interlocked.Increment(ref _messagesReceived);
        });
        using var reconnected = client.ReconnectionHappened.Subscribe(_ =>
        {
            if (!_connected) IngestMetrics.Connected.Add(1, _sourceTag);
            _connected = true;
            MarkMessage();
            ArmBackoff(client, Volatile.Read(ref _failuresInARow) + 1);
            if (!queue.Writer.TryWrite(NewConnection)) queue.Writer.WriteAsync(NewConnection, ct).AsTask().GetAwaiter().GetResult();
            foreach (var subscription in subscriptions) client.Send(subscription);
        });
        using var disconnected = client.DisconnectionHappened.Subscribe(info => OnDisconnected(client, info));
        using var heartbeat = _time.CreateTimer(_ => Heartbeat(client, ping), null, HeartbeatTick, HeartbeatTick);
        try
        {
            await client.Start().ConfigureAwait(false);
            await foreach (var message in queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    if (ReferenceEquals(message, NewConnection))
                    {
                        await connected(ct).ConfigureAwait(false);
                        continue;
                    }
                    var more = queue.Reader.Count > 0;
                    if (await handle(message, more, ct).ConfigureAwait(false) && Interlocked.Exchange(ref _failuresInARow, 0) > 0) ArmBackoff(client, 1);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    var reason = $"handling a message failed: {e.GetType().Name}: {e.Message}";
                    CountFailure(reason, "handler");
                    LogReconnecting(_logger, _options.Url, 0, Volatile.Read(ref _failuresInARow), reason);
                    await client.Reconnect().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping is the only way out.
        }
        finally
        {
            await StopAsync(client).ConfigureAwait(false);
        }
    }

    private TimeSpan HeartbeatTick => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, _options.HeartbeatInterval.Ticks / 4));

    private async Task<WebSocket> ConnectAsync(Uri url, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        // Venues want their own text ping; protocol-level keep-alives would not tell us the feed is alive.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(url, ct).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void OnDisconnected(WebsocketClient client, DisconnectionInfo info)
    {
        if (_connected) IngestMetrics.Connected.Add(-1, _sourceTag);
        _connected = false;
        switch (info.Type)
        {
            case DisconnectionType.Error:
                var error = info.Exception is OperationCanceledException
                    ? $"connecting took longer than {_options.ConnectTimeout.TotalSeconds:0.0} s"
                    : $"{info.Exception?.GetType().Name}: {info.Exception?.Message}";
                // Websocket.Client reads ErrorReconnectTimeout right after this event.
                LogReconnecting(_logger, _options.Url, ArmBackoff(client, CountFailure(error, "error")).TotalSeconds, Volatile.Read(ref _failuresInARow), error);
                break;
            case DisconnectionType.ByServer:
                var closed = $"the server closed the connection ({info.CloseStatus} {info.CloseStatusDescription})".TrimEnd();
                // Closing is cancelled so that the reconnect goes through the lost-connection path and its backoff, which
                // Websocket.Client reads right after this event; a server that accepts and closes at once is not hammered.
                info.CancelClosing = true;
                LogReconnecting(_logger, _options.Url, ArmBackoff(client, CountFailure(closed, "closed")).TotalSeconds, Volatile.Read(ref _failuresInARow), closed);
                break;
            case DisconnectionType.Lost:
                var lost = $"the connection was lost: {info.Exception?.Message ?? "no reason given"}";
                // The wait before this event used the timeout armed earlier; arm the next one.
                var waited = client.LostReconnectTimeout ?? TimeSpan.Zero;
                var failures = CountFailure(lost, "lost");
                ArmBackoff(client, failures + 1);
                LogReconnectingAfter(_logger, _options.Url, waited.TotalSeconds, failures, lost);
                break;
            case DisconnectionType.NoMessageReceived:
                var silent = $"no message for {_options.StalenessTimeout.TotalSeconds:0.0} s, not even a pong";
                var attempt = CountFailure(silent, "stale");
                ArmBackoff(client, attempt + 1);
                LogReconnecting(_logger, _options.Url, 0, attempt, silent);
                break;
        }
    }

    private int CountFailure(string reason, string kind)
    {
        _lastError = reason;
        Interlocked.Increment(ref _reconnects);
        IngestMetrics.Reconnects.Add(1, [_sourceTag[0], new("reason", kind)]);
        return Interlocked.Increment(ref _failuresInARow);
    }

    /// <summary>Sets the waits before the reconnect after failure number <paramref name="failure"/> in a row.</summary>
    private TimeSpan ArmBackoff(WebsocketClient client, int failure)
    {
        var doublings = Math.Min(Math.Max(failure - 1, 0), 30);
        var ceiling = Math.Min(_options.ReconnectBaseDelay.Ticks * (double)(1L << doublings), _options.ReconnectMaxDelay.Ticks);
        // Jitter keeps many readers that lost the same server from reconnecting in step.
        var delay = TimeSpan.FromTicks((long)(ceiling * (0.5 + 0.5 * Random.Shared.NextDouble())));
        client.ErrorReconnectTimeout = delay;
        client.LostReconnectTimeout = delay;
        return delay;
    }

    private void Heartbeat(WebsocketClient client, string ping)
    {
        if (!_connected) return;
        var idle = _time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastMessageAtTicks), TimeSpan.Zero);
        if (idle >= _options.HeartbeatInterval) client.Send(ping);
    }

    private void MarkMessage() => Interlocked.Exchange(ref _lastMessageAtTicks, _time.GetUtcNow().UtcTicks);

    private async Task StopAsync(WebsocketClient client)
    {
        client.IsReconnectionEnabled = false;
        try
        {
            // Stop() waits for the server's close reply, which a dead or hostile server never sends.
            await client.Stop(WebSocketCloseStatus.NormalClosure, "stopping").WaitAsync(_options.CloseTimeout, _time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or ObjectDisposedException or Websocket.Client.Exceptions.WebsocketException)
        {
            LogCloseUnanswered(_logger, _options.Url, e.Message);
        }
        if (_connected) IngestMetrics.Connected.Add(-1, _sourceTag);
        _connected = false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconnecting to {Url} in {DelaySeconds:0.0} s (attempt {Attempt}): {Reason}")]
    private static partial void LogReconnecting(ILogger logger, Uri url, double delaySeconds, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconnecting to {Url} after waiting {DelaySeconds:0.0} s (attempt {Attempt}): {Reason}")]
    private static partial void LogReconnectingAfter(ILogger logger, Uri url, double delaySeconds, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "closing {Url} without the server's close reply: {Reason}")]
    private static partial void LogCloseUnanswered(ILogger logger, Uri url, string reason);
}
