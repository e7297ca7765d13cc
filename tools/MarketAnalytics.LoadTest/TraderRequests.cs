using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MarketAnalytics.LoadTest;

/// <summary>The HTTP/1.1 requests of one trader, built once as bytes: every limit order the mix can send and the cancel of any
/// order id.</summary>
/// <remarks>The mix: limit orders (good till canceled) of 1–10 lots of 0.001 BTC at the mid price ± 8 ticks of 0.01 on either
/// side, and cancels by order id. Building them up front keeps the client's cost per request to a copy.</remarks>
internal sealed class TraderRequests
{
    public const string Symbol = "BTC-USDT";
    public const decimal Mid = 50_000m;
    public const int Ticks = 8;
    public const int MaxLots = 10;

    private readonly byte[][] _placements;
    private readonly byte[] _cancelStart;
    private readonly byte[] _cancelEnd;

    public TraderRequests(string host, string apiKey)
    {
        _placements = new byte[2 * (2 * Ticks + 1) * MaxLots][];
        for (var side = 0; side < 2; side++)
            for (var tick = -Ticks; tick <= Ticks; tick++)
                for (var lots = 1; lots <= MaxLots; lots++)
                {
                    var json = string.Create(CultureInfo.InvariantCulture,
                        $$"""{"symbol":"{{Symbol}}","side":"{{(side == 0 ? "buy" : "sell")}}","type":"limit","price":{{Mid + tick * 0.01m}},"quantity":{{lots * 0.001m}},"time_in_force":"gtc"}""");
                    _placements[Index(side == 0, tick, lots)] = Encoding.ASCII.GetBytes(
                        $"POST /api/v1/orders HTTP/1.1\r\nHost: {host}\r\nX-Api-Key: {apiKey}\r\nContent-Type: application/json\r\n" +
                        $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");
                }
        _cancelStart = Encoding.ASCII.GetBytes("DELETE /api/v1/orders/");
        _cancelEnd = Encoding.ASCII.GetBytes($" HTTP/1.1\r\nHost: {host}\r\nX-Api-Key: {apiKey}\r\n\r\n");
    }

    /// <summary>The limit order on <paramref name="buy"/>'s side at mid + <paramref name="tick"/> ticks for <paramref name="lots"/> lots.</summary>
    public ReadOnlySpan<byte> Placement(bool buy, int tick, int lots) => _placements[Index(buy, tick, lots)];

    /// <summary>Writes the cancel of <paramref name="orderId"/> into <paramref name="destination"/>; its length.</summary>
    public int WriteCancel(long orderId, Span<byte> destination)
    {
        _cancelStart.CopyTo(destination);
        if (!Utf8Formatter.TryFormat(orderId, destination[_cancelStart.Length..], out var digits)) throw new ArgumentException("too small", nameof(destination));
        _cancelEnd.CopyTo(destination[(_cancelStart.Length + digits)..]);
        return _cancelStart.Length + digits + _cancelEnd.Length;
    }

    /// <summary>The most bytes one request takes.</summary>
    public int MaxLength => Math.Max(_placements.Max(p => p.Length), _cancelStart.Length + 20 + _cancelEnd.Length);

    private static int Index(bool buy, int tick, int lots) => ((buy ? 0 : 1) * (2 * Ticks + 1) + tick + Ticks) * MaxLots + lots - 1;
}
