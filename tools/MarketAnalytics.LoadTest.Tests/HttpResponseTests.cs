using System.Text;
using MarketAnalytics.LoadTest;

namespace MarketAnalytics.LoadTest.Tests;

/// <summary>The load test's HTTP/1.1 response reader, on the shapes Kestrel sends: chunked JSON, fixed length, pipelined.</summary>
public sealed class HttpResponseTests
{
    private const string Chunked =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: Sat, 21 Nov 2026 07:24:53 GMT\r\nServer: Kestrel\r\n" +
        "Transfer-Encoding: chunked\r\n\r\n9\r\n{\"a\":1,\"b\r\n5\r\n\":22}\r\n0\r\n\r\n";

    private const string Fixed = "HTTP/1.1 409 Conflict\r\ncontent-length: 7\r\n\r\n{\"x\":2}";

    [Fact]
    public void A_chunked_body_is_joined_from_its_chunks()
    {
        var (status, body, consumed) = Parse(Chunked);
        Assert.Equal(200, status);
        Assert.Equal("""{"a":1,"b":22}""", body);
        Assert.Equal(Chunked.Length, consumed);
    }

    [Fact]
    public void A_body_of_fixed_length_is_read_with_its_status()
    {
        var (status, body, consumed) = Parse(Fixed);
        Assert.Equal(409, status);
        Assert.Equal("""{"x":2}""", body);
        Assert.Equal(Fixed.Length, consumed);
    }

    [Fact]
    public void A_response_cut_anywhere_is_not_complete_yet()
    {
        var bytes = Encoding.ASCII.GetBytes(Chunked);
        var scratch = new byte[4];
        for (var length = 0; length < bytes.Length; length++)
            Assert.False(HttpResponse.TryParse(bytes.AsSpan(0, length), ref scratch, out _, out _), $"complete after {length} bytes");
    }

    [Fact]
    public void Pipelined_responses_are_read_one_after_the_other()
    {
        var bytes = Encoding.ASCII.GetBytes(Fixed + Chunked + Fixed);
        var scratch = new byte[4];
        var statuses = new List<int>();
        var offset = 0;
        while (HttpResponse.TryParse(bytes.AsSpan(offset), ref scratch, out var response, out var consumed))
        {
            statuses.Add(response.Status);
            offset += consumed;
        }
        Assert.Equal([409, 200, 409], statuses);
        Assert.Equal(bytes.Length, offset);
    }

    [Fact]
    public void Bytes_that_are_no_HTTP_response_are_refused()
    {
        var bytes = Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH\r\n\r\n");
        var scratch = new byte[4];
        Assert.Throws<InvalidDataException>(() => HttpResponse.TryParse(bytes, ref scratch, out _, out _));
    }

    private static (int Status, string Body, int Consumed) Parse(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var scratch = new byte[4];
        Assert.True(HttpResponse.TryParse(bytes, ref scratch, out var response, out var consumed));
        return (response.Status, Encoding.UTF8.GetString(response.Body), consumed);
    }
}
