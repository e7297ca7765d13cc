using System.Net.WebSockets;
using System.Text;

namespace MarketAnalytics.Api.Market;

/// <summary>What the push WebSockets (native and Binance-format) share: the receive loop, which reads whole client messages of at most
/// <see cref="MaxBytes"/> bytes (a subscribe naming many symbols fits easily) and hands each to the session, and sending and closing one at a time
/// under the session's <c>sending</c> lock.</summary>
internal static class WebSocketMessages
{
    /// <summary>The longest client message accepted; a longer one closes the connection with <c>MessageTooBig</c>.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads messages until the socket closes: each whole message goes to <paramref name="handle"/>; a client's close or an
    /// over-long message is answered through <paramref name="close"/>, which ends the loop.</summary>
    public static async Task ReceiveAsync(WebSocket socket, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handle,
        Func<WebSocketCloseStatus, string, CancellationToken, Task> close, CancellationToken ct)
    {
        var buffer = new byte[MaxBytes];
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    await close(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {MaxBytes} bytes", ct);
                    return;
                }
                result = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
                length += result.Count;
            } while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await close(WebSocketCloseStatus.NormalClosure, "bye", ct);
                return;
            }
            await handle(buffer.AsMemory(0, length), ct);
        }
    }

    /// <summary>Sends one text message once no other send or close of the session is in progress.</summary>
    public static async Task SendTextAsync(WebSocket socket, SemaphoreSlim sending, string text, CancellationToken ct)
    {
        await sending.WaitAsync(ct);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>Closes the output side with <paramref name="status"/> and <paramref name="reason"/> while the socket is still open.</summary>
    public static async Task CloseAsync(WebSocket socket, SemaphoreSlim sending, WebSocketCloseStatus status, string reason, CancellationToken ct)
    {
        await sending.WaitAsync(ct);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived) await socket.CloseOutputAsync(status, reason, ct);
        }
        finally
        {
            sending.Release();
        }
    }
}
