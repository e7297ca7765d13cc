using System.Buffers.Text;
using System.Text;

namespace MarketAnalytics.LoadTest;

/// <summary>One HTTP/1.1 response read off a keep-alive connection: its status and where its body lies.</summary>
/// <remarks><see cref="TryParse"/> reads what the load test's server sends (a body with <c>Content-Length</c> or with
/// <c>Transfer-Encoding: chunked</c>, as Kestrel writes JSON) and nothing more general: no trailers, no chunk extensions are
/// interpreted, no informational (1xx) responses.</remarks>
internal readonly ref struct HttpResponse
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;
    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    private HttpResponse(int status, ReadOnlySpan<byte> body)
    {
        Status = status;
        Body = body;
    }

    /// <summary>The status code, e.g. 200.</summary>
    public int Status { get; }

    /// <summary>The body; a chunked body is joined into the scratch buffer given to <see cref="TryParse"/>.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>Parses the response at the start of <paramref name="data"/>; false when it is not complete yet.</summary>
    /// <param name="data">Bytes received and not yet consumed.</param>
    /// <param name="scratch">Where a body of several chunks is joined; grown when too small.</param>
    /// <param name="response">The response, valid until <paramref name="data"/> or <paramref name="scratch"/> change.</param>
    /// <param name="consumed">How many bytes of <paramref name="data"/> the response took.</param>
    /// <exception cref="InvalidDataException">The bytes are not an HTTP/1.1 response this parser reads.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, ref byte[] scratch, out HttpResponse response, out int consumed)
    {
        response = default;
        consumed = 0;
        var headerLength = data.IndexOf(HeaderEnd);
        if (headerLength < 0) return false;
        var head = data[..headerLength];
        // "HTTP/1.1 200 OK": the three digits after the first space.
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || head[8] != (byte)' ') throw Malformed(head);
        var status = Digit(head[9]) * 100 + Digit(head[10]) * 10 + Digit(head[11]);
        var rest = data[(headerLength + HeaderEnd.Length)..];
        if (TryHeader(head, "content-length"u8, out var lengthText))
        {
            if (!Utf8Parser.TryParse(lengthText, out int length, out var used) || used != lengthText.Length || length < 0) throw Malformed(head);
            if (rest.Length < length) return false;
            response = new HttpResponse(status, rest[..length]);
            consumed = headerLength + HeaderEnd.Length + length;
            return true;
        }
        if (!TryHeader(head, "transfer-encoding"u8, out var encoding) || !Ascii.EqualsIgnoreCase(encoding, "chunked"u8))
        {
            // Neither length nor chunks: only a body-less status qualifies on a connection that stays open.
            if (status is not (204 or 304)) throw Malformed(head);
            response = new HttpResponse(status, default);
            consumed = headerLength + HeaderEnd.Length;
            return true;
        }
        var offset = 0;
        var joined = 0;
        ReadOnlySpan<byte> single = default;
        var chunks = 0;
        while (true)
        {
            var sizeEnd = rest[offset..].IndexOf(LineEnd);
            if (sizeEnd < 0) return false;
            var size = ChunkSize(rest.Slice(offset, sizeEnd));
            var dataStart = offset + sizeEnd + LineEnd.Length;
            if (rest.Length < dataStart + size + LineEnd.Length) return false;
            if (size == 0)
            {
                consumed = headerLength + HeaderEnd.Length + dataStart + LineEnd.Length;
                response = new HttpResponse(status, chunks == 1 ? single : scratch.AsSpan(0, joined));
                return true;
            }
            var chunk = rest.Slice(dataStart, size);
            if (++chunks == 1) single = chunk;
            else
            {
                if (chunks == 2) joined = Append(ref scratch, 0, single);
                joined = Append(ref scratch, joined, chunk);
            }
            offset = dataStart + size + LineEnd.Length;
        }
    }

    private static int Append(ref byte[] scratch, int length, ReadOnlySpan<byte> chunk)
    {
        if (scratch.Length < length + chunk.Length) Array.Resize(ref scratch, Math.Max(scratch.Length * 2, length + chunk.Length));
        chunk.CopyTo(scratch.AsSpan(length));
        return length + chunk.Length;
    }

    /// <summary>The value of a header (<paramref name="name"/> in lower case) without surrounding spaces.</summary>
    private static bool TryHeader(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        // The first line is the status line; each header line follows a CRLF.
        var lines = head;
        while (lines.IndexOf(LineEnd) is var end and >= 0)
        {
            lines = lines[(end + LineEnd.Length)..];
            var next = lines.IndexOf(LineEnd);
            var line = next < 0 ? lines : lines[..next];
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && Ascii.EqualsIgnoreCase(line[..colon], name))
            {
                value = line[(colon + 1)..].Trim((byte)' ');
                return true;
            }
        }
        value = default;
        return false;
    }

    private static int ChunkSize(ReadOnlySpan<byte> line)
    {
        var size = 0;
        foreach (var b in line)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                (byte)';' => -1,
                _ => throw new InvalidDataException($"bad chunk size line '{Encoding.ASCII.GetString(line)}'"),
            };
            if (digit < 0) break;
            size = checked(size * 16 + digit);
        }
        return size;
    }

    private static int Digit(byte b) => b is >= (byte)'0' and <= (byte)'9' ? b - '0' : throw new InvalidDataException("bad status code");

    private static InvalidDataException Malformed(ReadOnlySpan<byte> head) =>
        new($"not an HTTP/1.1 response this load test reads: '{Encoding.ASCII.GetString(head[..Math.Min(head.Length, 200)])}'");
}
