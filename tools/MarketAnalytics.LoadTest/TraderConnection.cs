using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MarketAnalytics.LoadTest;

/// <summary>One trader on one keep-alive HTTP/1.1 connection: sends the order mix with up to <c>pipeline</c> requests in flight
/// and records each answer's latency and outcome.</summary>
/// <remarks>The mix: a cancel of the trader's oldest resting order with probability 0.35 (always when more than 50 rest),
/// otherwise a limit order (see <see cref="TraderRequests"/>) on a random side. A cancel that arrives after the order filled
/// is answered 409 and counted as such; any other answer but 200/201, or a broken connection, is an error.</remarks>
internal sealed class TraderConnection
{
    private const double CancelShare = 0.35;
    private const int MaxResting = 50;

    private readonly TraderRequests _requests;
    private readonly int _pipeline;
    private readonly Random _random;
    private readonly TraderOutcome _outcome = new();
    private readonly Queue<long> _resting = new();
    private readonly Queue<InFlight> _inFlight = new();

    public TraderConnection(TraderRequests requests, int pipeline, int seed)
    {
        _requests = requests;
        _pipeline = pipeline;
        _random = new Random(seed);
    }

    /// <summary>Trades from now until <paramref name="end"/>, measuring what is sent from <paramref name="warmEnd"/> on, then waits
    /// for the answers still in flight.</summary>
    public async Task<TraderOutcome> RunAsync(EndPoint server, long warmEnd, long end, CancellationToken ct)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, ct);
            await TradeAsync(socket, warmEnd, end, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The run's time bound passed: report what was measured.
        }
        catch (Exception e) when (e is SocketException or InvalidDataException or IOException)
        {
            _outcome.Error($"connection: {e.Message}");
        }
        return _outcome;
    }

    private async Task TradeAsync(Socket socket, long warmEnd, long end, CancellationToken ct)
    {
        var send = new byte[_pipeline * _requests.MaxLength];
        var receive = new byte[64 * 1024];
        var scratch = new byte[4 * 1024];
        var received = 0;
        while (true)
        {
            var sendLength = 0;
            var now = Stopwatch.GetTimestamp();
            if (now < end)
                while (_inFlight.Count < _pipeline) sendLength += Next(send.AsSpan(sendLength), now >= warmEnd);
            if (_inFlight.Count == 0) return;
            if (sendLength > 0)
            {
                var start = Stopwatch.GetTimestamp();
                foreach (var request in _inFlight) request.Start ??= start;
                await socket.SendAsync(send.AsMemory(0, sendLength), ct);
            }
            if (received == receive.Length) Array.Resize(ref receive, receive.Length * 2);
            var read = await socket.ReceiveAsync(receive.AsMemory(received), ct);
            if (read == 0) throw new IOException("the server closed the connection");
            var answered = Stopwatch.GetTimestamp();
            received += read;
            var parsed = 0;
            while (HttpResponse.TryParse(receive.AsSpan(parsed, received - parsed), ref scratch, out var response, out var consumed))
            {
                Answer(_inFlight.Dequeue(), response, answered);
                parsed += consumed;
            }
            receive.AsSpan(parsed, received - parsed).CopyTo(receive);
            received -= parsed;
        }
    }

    /// <summary>Writes the next request of the mix into <paramref name="destination"/> and queues it as in flight; its length.</summary>
    private int Next(Span<byte> destination, bool measured)
    {
        if (_resting.Count > MaxResting || (_resting.Count > 0 && _random.NextDouble() < CancelShare))
        {
            _inFlight.Enqueue(new InFlight(Cancel: true, measured));
            return _requests.WriteCancel(_resting.Dequeue(), destination);
        }
        var placement = _requests.Placement(_random.Next(2) == 0, _random.Next(-TraderRequests.Ticks, TraderRequests.Ticks + 1),
            _random.Next(1, TraderRequests.MaxLots + 1));
        placement.CopyTo(destination);
        _inFlight.Enqueue(new InFlight(Cancel: false, measured));
        return placement.Length;
    }

    private void Answer(InFlight request, HttpResponse response, long answered)
    {
        if (request.Measured)
        {
            _outcome.Latencies.Add(answered - request.Start!.Value);
            _outcome.LastAnswer = answered;
        }
        if (response.Status is 200 or 201)
        {
            if (request.Cancel)
            {
                if (request.Measured) _outcome.Canceled++;
                return;
            }
            var order = PlacedOrder.Read(response.Body);
            if (request.Measured)
            {
                _outcome.Placed++;
                _outcome.Trades += order.Trades;
                if (order.Status == "rejected") _outcome.Rejected++;
            }
            if (order.Status is "open" or "partially_filled") _resting.Enqueue(order.OrderId);
        }
        else if (request.Cancel && response.Status == 409)
        {
            // Filled by another trader before the cancel arrived: a normal answer of a live market.
            if (request.Measured) _outcome.CancelTooLate++;
        }
        else _outcome.Error($"{response.Status}: {Encoding.UTF8.GetString(response.Body)}");
    }

    /// <summary>A request sent and not answered yet; <see cref="Start"/> is set when it is handed to the socket.</summary>
    private sealed class InFlight(bool Cancel, bool Measured)
    {
        public bool Cancel { get; } = Cancel;
        public bool Measured { get; } = Measured;
        public long? Start { get; set; }
    }

    /// <summary>The fields of a placement's answer the load test follows.</summary>
    private readonly record struct PlacedOrder(long OrderId, string? Status, int Trades)
    {
        public static PlacedOrder Read(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            long orderId = 0;
            string? status = null;
            var trades = 0;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("order_id"u8))
                {
                    reader.Read();
                    orderId = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = StatusName(ref reader);
                }
                else if (reader.ValueTextEquals("trades"u8))
                {
                    reader.Read();
                    var depth = reader.CurrentDepth;
                    while (reader.Read() && reader.CurrentDepth > depth)
                        if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == depth + 1) trades++;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            return new PlacedOrder(orderId, status, trades);
        }

        /// <summary>The status as one of the known (interned) names, so reading it does not allocate.</summary>
        private static string? StatusName(ref Utf8JsonReader reader)
        {
            foreach (var name in KnownStatuses)
                if (reader.ValueTextEquals(name)) return name;
            return reader.GetString();
        }

        private static readonly string[] KnownStatuses = ["open", "partially_filled", "filled", "canceled", "rejected"];
    }
}
