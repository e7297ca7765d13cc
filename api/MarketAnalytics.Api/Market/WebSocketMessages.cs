using System.Net.WebSockets;

namespace MarketAnalytics.Api.Market;

/// <summary>The receiving side of the push WebSockets (native and Binance-format): reads whole client messages of at most
/// <see cref="MaxBytes"/> bytes (a subscribe naming many symbols fits easily) and hands each to the session.</summary>
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
}
