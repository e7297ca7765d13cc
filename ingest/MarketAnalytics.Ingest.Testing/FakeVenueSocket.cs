using System.Net.WebSockets;
using System.Text;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>One client connection to a fake venue (<see cref="FakeVenueHost"/> or <see cref="FakeTradingVenue"/>): the path it
/// connected to, the topics it subscribed, and an ordered send.</summary>
public sealed class FakeVenueSocket
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly HashSet<string> _topics = [];

    internal FakeVenueSocket(WebSocket socket, string path)
    {
        _socket = socket;
        Path = path;
    }

    /// <summary>The endpoint the client connected to (<c>/ws/v5/business</c>, <c>/v5/public/linear</c>, <c>/v2</c>, …).</summary>
    public string Path { get; }

    /// <summary>True once the client has subscribed to any topic.</summary>
    public bool IsSubscribedToAny
    {
        get
        {
            lock (_topics) return _topics.Count > 0;
        }
    }

    /// <summary>Marks a topic (in the venue fake's own spelling) subscribed, so broadcasts of it reach this client.</summary>
    public void Subscribe(string topic)
    {
        lock (_topics) _topics.Add(topic);
    }

    public bool IsSubscribed(string topic)
    {
        lock (_topics) return _topics.Contains(topic);
    }

    /// <summary>Sends one text message; a client that is gone or was dropped misses it, as in a real outage.</summary>
    public async Task SendAsync(string text)
    {
        await _sending.WaitAsync();
        try
        {
            if (_socket.State != WebSocketState.Open) return;
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

    /// <summary>The next text message from the client, or null once it closed or went away.</summary>
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
