using System.CommandLine;
using System.Net.WebSockets;
using System.Text.Json;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using Spectre.Console;

namespace MarketAnalytics.Api.Watch;

/// <summary><c>watch [--url URL] [--symbols S1,S2] [--interval 1m] [--once]</c>: a live table of instruments from a running instance's
/// REST API (the first frame) and WebSocket push (the updates).</summary>
/// <remarks>On a terminal it redraws a Spectre.Console table; otherwise it prints one plain line per instrument per frame, a frame
/// at most every second. <c>--once</c> prints the first frame and exits. Nothing answering at the URL is a
/// <see cref="BackendUnavailableException"/> (exit code 4).</remarks>
public static class WatchCommand
{
    public const string DefaultUrl = "http://localhost:5000";
    private static readonly TimeSpan FrameEvery = TimeSpan.FromSeconds(1);

    private static readonly Option<Uri> Url = new("--url")
    {
        Description = $"the running instance (default {DefaultUrl})", HelpName = "URL",
        CustomParser = result => Uri.TryCreate(result.Tokens[0].Value.TrimEnd('/') + "/", UriKind.Absolute, out var url)
            ? url
            : OptionValues.Error<Uri>(result, $"--url '{result.Tokens[0].Value}' is not an absolute URL"),
    };

    private static readonly Option<string> Symbols = new("--symbols")
    {
        Description = "the instruments, comma-separated (default: all it knows)", HelpName = "S1,S2",
    };

    private static readonly Option<CandleInterval?> Interval = new("--interval")
    {
        Description = "the candle shown: 1m, 5m, 15m, 1h, 4h, 1d, … (default 1m)", HelpName = "INTERVAL",
        CustomParser = result => OptionValues.Interval(result),
    };

    private static readonly Option<bool> Once = new("--once") { Description = "prints one frame and exits" };

    public static Command Create()
    {
        var command = new Command("watch", "a live table of a running instance's instruments: last price, bid/ask, the forming candle, trades per minute")
        {
            Url, Symbols, Interval, Once,
        };
        command.SetAction((result, ct) => RunAsync(result, result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult line, TextWriter output, CancellationToken ct)
    {
        var url = line.GetValue(Url) ?? new Uri(DefaultUrl + "/");
        var interval = line.GetValue(Interval) ?? CandleInterval.OneMinute;
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };

        List<WatchedInstrument> watched;
        try
        {
            watched = await LoadAsync(http, line.GetValue(Symbols), interval, ct);
        }
        catch (HttpRequestException e)
        {
            throw new BackendUnavailableException(
                $"nothing answers at {url} ({e.Message}); start an instance with ./scripts/marketanalytics run, or pass --url", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new BackendUnavailableException($"{url} did not answer within {http.Timeout.TotalSeconds:0} s", e);
        }
        if (watched.Count == 0) throw new CommandLineException($"{url} knows no instruments yet");

        var terminal = output == Console.Out && !Console.IsOutputRedirected;
        if (line.GetValue(Once))
        {
            if (terminal) AnsiConsole.Write(Table(watched, interval, url));
            else foreach (var w in watched) await output.WriteLineAsync(w.Line(interval));
            return 0;
        }
        return await FollowAsync(url, watched, interval, terminal, output, ct);
    }

    private static async Task<List<WatchedInstrument>> LoadAsync(HttpClient http, string? symbols, CandleInterval interval, CancellationToken ct)
    {
        var summary = await GetAsync(http, "api/v1/market/summary", ct);
        var known = summary.EnumerateArray().Select(s => s.GetProperty("symbol").GetString()!).ToList();
        var wanted = symbols is null
            ? known
            : symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => Resolve(s, known)).ToList();
        var watched = new List<WatchedInstrument>();
        foreach (var symbol in wanted)
        {
            var w = new WatchedInstrument(symbol);
            var asOf = summary.EnumerateArray().First(s => s.GetProperty("symbol").GetString() == symbol).GetProperty("as_of");
            // The newest candle up to the instrument's newest trade (not now), so a recorded session shows its last candle too.
            string Newest(CandleInterval length) => asOf.ValueKind == JsonValueKind.String
                ? $"&interval={length.Name}&limit=1&to={Uri.EscapeDataString((asOf.GetDateTime() + length.Duration).ToString("O"))}"
                : $"&interval={length.Name}&limit=1";
            var query = $"symbol={Uri.EscapeDataString(symbol)}";
            if (await TryGetAsync(http, $"current_price?{query}", ct) is { } price) w.ApplyPrice(price);
            foreach (var candle in (await GetAsync(http, $"api/v1/candles?{query}{Newest(interval)}", ct)).EnumerateArray()) w.ApplyCandle(candle);
            foreach (var candle in (await GetAsync(http, $"api/v1/candles?{query}{Newest(CandleInterval.OneMinute)}", ct)).EnumerateArray()) w.ApplyMinuteCandle(candle);
            watched.Add(w);
        }
        return watched;
    }

    private static string Resolve(string symbol, List<string> known)
    {
        if (known.Contains(symbol, StringComparer.OrdinalIgnoreCase)) return known.First(k => string.Equals(k, symbol, StringComparison.OrdinalIgnoreCase));
        var matches = known.Where(k => string.Equals(k[(k.IndexOf(':') + 1)..], symbol, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CommandLineException($"--symbols: no instrument '{symbol}'; known: {string.Join(", ", known)}"),
            _ => throw new CommandLineException($"--symbols: '{symbol}' trades on several venues ({string.Join(", ", matches)}); write venue:SYMBOL"),
        };
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path, CancellationToken ct) =>
        await TryGetAsync(http, path, ct) ?? throw new HttpRequestException($"GET {path} found nothing");

    private static async Task<JsonElement?> TryGetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
    }

    private static async Task<int> FollowAsync(Uri url, List<WatchedInstrument> watched, CandleInterval interval, bool terminal, TextWriter output, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(new Uri(url, "api/v1/market/ws")) { Scheme = url.Scheme == "https" ? "wss" : "ws" }.Uri, ct);
        var bySymbol = watched.ToDictionary(w => w.Symbol);
        var subscribe = JsonSerializer.SerializeToUtf8Bytes(new
        {
            op = "subscribe", symbols = watched.Select(w => w.Symbol), channels = new[] { "trades", "candles", "prices" }, interval = interval.Name,
        });
        await socket.SendAsync(subscribe, WebSocketMessageType.Text, true, ct);
        if (terminal)
        {
            await AnsiConsole.Live(Table(watched, interval, url)).StartAsync(async live =>
                await ReceiveAsync(socket, bySymbol, () => live.UpdateTarget(Table(watched, interval, url)), ct));
        }
        else
        {
            await ReceiveAsync(socket, bySymbol, () =>
            {
                output.WriteLine($"-- {DateTime.UtcNow:HH:mm:ss} UTC");
                foreach (var w in watched) output.WriteLine(w.Line(interval));
                output.Flush();
            }, ct);
        }
        return 0;
    }

    /// <summary>Applies push messages until the socket closes or <paramref name="ct"/> fires; draws a frame at most every second,
    /// when something changed.</summary>
    private static async Task ReceiveAsync(ClientWebSocket socket, Dictionary<string, WatchedInstrument> bySymbol, Action draw, CancellationToken ct)
    {
        var gate = new object();
        var changed = true;
        // Receiving runs on its own: a ClientWebSocket receive cannot be given up on without aborting the socket.
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var json = JsonDocument.Parse(message.ToArray()).RootElement;
                message.SetLength(0);
                lock (gate) changed |= Apply(json, bySymbol);
            }
        }, ct);
        using var timer = new PeriodicTimer(FrameEvery);
        while (!receiving.IsCompleted)
        {
            lock (gate)
            {
                if (changed) draw();
                changed = false;
            }
            await Task.WhenAny(receiving, timer.WaitForNextTickAsync(ct).AsTask());
        }
        await receiving;
    }

    private static bool Apply(JsonElement m, Dictionary<string, WatchedInstrument> bySymbol)
    {
        var type = m.GetProperty("type").GetString();
        if (type == "error") throw new InvalidOperationException($"the server refused: {m.GetProperty("message").GetString()}");
        if (!m.TryGetProperty("symbol", out var symbol) || !bySymbol.TryGetValue(symbol.GetString()!, out var w)) return false;
        switch (type)
        {
            case "trade": w.ApplyTrade(m); break;
            case "price": w.ApplyPrice(m); break;
            case "candle": w.ApplyCandle(m.Clone()); break;
            default: return false;
        }
        return true;
    }

    private static Table Table(List<WatchedInstrument> watched, CandleInterval interval, Uri url)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]MarketAnalytics[/] {Markup.Escape(url.ToString())}")
            .AddColumn("Instrument").AddColumn(new TableColumn("Last").RightAligned()).AddColumn(new TableColumn("Bid").RightAligned())
            .AddColumn(new TableColumn("Ask").RightAligned()).AddColumn($"Candle {interval.Name} (O H L C)").AddColumn(new TableColumn("Volume").RightAligned())
            .AddColumn(new TableColumn("Trades/min").RightAligned()).AddColumn("Updated (UTC)");
        foreach (var w in watched)
        {
            var c = w.Candle;
            table.AddRow(
                Markup.Escape(w.Symbol), WatchedInstrument.Show(w.Last), WatchedInstrument.Show(w.Bid), WatchedInstrument.Show(w.Ask),
                c is { } k ? $"{k.GetProperty("open_time").GetDateTime():HH:mm} {k.GetProperty("open")} {k.GetProperty("high")} {k.GetProperty("low")} {k.GetProperty("close")}" : "–",
                c is { } v ? v.GetProperty("volume").ToString() : "–", w.TradesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
                w.UpdatedAt is { } u ? u.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "–");
        }
        return table;
    }
}
