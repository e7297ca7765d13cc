using System.Globalization;
using System.Text.Json;

namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>Reads a text/event-stream response event by event: type, JSON data and id.</summary>
public sealed class ServerSentEventReader(HttpResponseMessage response) : IAsyncDisposable
{
    private StreamReader? _reader;

    public sealed record Event(string Type, JsonElement Data, long Id);

    /// <summary>The next event; throws when the stream ends or <paramref name="ct"/> fires first.</summary>
    public async Task<Event> NextAsync(CancellationToken ct)
    {
        _reader ??= new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        string? type = null, data = null, id = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("the event stream ended");
            if (line.Length == 0)
            {
                if (data is null) continue;
                return new Event(type ?? "message", JsonDocument.Parse(data).RootElement.Clone(),
                    id is null ? 0 : long.Parse(id, CultureInfo.InvariantCulture));
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event": type = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
                case "id": id = value; break;
            }
        }
    }

    /// <summary>Reads events until one matches <paramref name="last"/>, returning all of them in order, that one included.</summary>
    public async Task<List<Event>> ReadThroughAsync(Func<Event, bool> last, CancellationToken ct)
    {
        var events = new List<Event>();
        while (true)
        {
            var e = await NextAsync(ct);
            events.Add(e);
            if (last(e)) return events;
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
