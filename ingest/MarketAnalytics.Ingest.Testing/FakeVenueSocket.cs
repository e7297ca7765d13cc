using System.Net.WebSockets;
using System.Text;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>One client connection to a <see cref="FakeVenueHost"/>: what the fake venue sends on it, one message at a time.</summary>
/// <summary>One client connection to a <see cref="FakeVenueServer"/>: what it subscribed, and an ordered send.</summary>
public sealed class FakeVenueSocket
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);

    internal FakeVenueSocket(WebSocket socket, int index)
    {
        _socket = socket;
        Index = index;
    }

    /// <summary>0 for the first connection the host accepted, 1 for the next, …</summary>
    public int Index { get; }

    /// <summary>The client has subscribed (set by the venue's fake); only subscribed sockets get broadcasts.</summary>
    public bool Subscribed { get; set; }

    /// <summary>Sends one text message; false when the connection is already gone.</summary>
    public async Task<bool> SendAsync(string text)
    private readonly HashSet<string> _topics = [];

    internal FakeVenueSocket(WebSocket socket, string path)
    {
        _socket = socket;
        Path = path;
    }

    /// <summary>The endpoint the client connected to (<c>/ws/v5/business</c>, <c>/v5/public/linear</c>, …).</summary>
    public string Path { get; }

    /// <summary>Marks a topic subscribed, so broadcasts of it reach this client.</summary>
    public void Subscribe(string topic)
    {
        lock (_topics) _topics.Add(topic);
    }

    public bool IsSubscribed(string topic)
    {
        lock (_topics) return _topics.Contains(topic);
    }

    public async Task SendAsync(string text)
    {
        await _sending.WaitAsync();
        try
        {
            if (_socket.State != WebSocketState.Open) return false;
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone or was dropped; what it misses is what a real outage loses.
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Cuts the connection without a close handshake, as a failing network would.</summary>
    public void Drop() => _socket.Abort();

    internal async Task<string?> ReceiveAsync(byte[] buffer)
    {
        try
        {
            var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            return received.MessageType == WebSocketMessageType.Close ? null : Encoding.UTF8.GetString(buffer, 0, received.Count);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }
}
