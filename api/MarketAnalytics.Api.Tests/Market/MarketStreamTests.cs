using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Api.Tests.Exchange;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Import;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.Market;

/// <summary>The market push over server-sent events (<c>/api/v1/market/stream</c>) against the whole pipeline.</summary>
public sealed class MarketStreamTests
{
    /// <summary>A guard against a hung stream, not a timing assertion: every awaited event is produced by the test first.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static readonly string BitmexRecording = "bitmex/2021-07-22T2236.ws-recording.txt";

    [Fact]
    public async Task A_trade_placed_through_the_order_API_arrives_as_trade_price_and_candle_events_equal_to_the_REST_answers()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        await using var stream = await host.OpenStreamAsync("?symbols=internal:BTC-USDT&channels=trades,candles,prices&interval=5m");

        var order = await host.TradeOnExchangeAsync(50000m, 0.02m);
        var tradeId = order.GetProperty("trades")[0].GetProperty("trade_id").GetInt64().ToString(CultureInfo.InvariantCulture);

        // The candle comes from the aggregation's commit, the trade and the price from the recorder: either may come first.
        var events = await stream.ReadThroughAsync(e => e.Type == "candle" && e.Data.GetProperty("trades").GetInt64() == 1, timeout.Token);
        if (!events.Any(e => e.Type == "trade")) events.AddRange(await stream.ReadThroughAsync(e => e.Type == "trade", timeout.Token));
        if (!events.Any(e => e.Type == "price")) events.AddRange(await stream.ReadThroughAsync(e => e.Type == "price", timeout.Token));

        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        var trade = Assert.Single(events, e => e.Type == "trade").Data;
        Assert.Equal(["symbol", "trade_id", "time", "price", "quantity", "quote_quantity", "side"], trade.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("internal:BTC-USDT", tradeId, 50000m, 0.02m, 1000m, "buy"), (trade.GetProperty("symbol").GetString(),
            trade.GetProperty("trade_id").GetString(), trade.GetProperty("price").GetDecimal(), trade.GetProperty("quantity").GetDecimal(),
            trade.GetProperty("quote_quantity").GetDecimal(), trade.GetProperty("side").GetString()));

        var price = events.Last(e => e.Type == "price").Data;
        var current = await host.Exchange.OkAsync(HttpMethod.Get, "/current_price?symbol=internal:BTC-USDT", null);
        Assert.Equal(current.ToString(), price.ToString());

        var candle = events.Last(e => e.Type == "candle").Data;
        Assert.Equal(["symbol", "interval", "open_time", "open", "high", "low", "close", "volume", "quote_volume", "trades",
            "taker_buy_volume", "taker_buy_quote_volume", "vwap", "first_trade_id", "last_trade_id", "closed"], candle.EnumerateObject().Select(p => p.Name));
        Assert.Equal((tradeId, tradeId), (candle.GetProperty("first_trade_id").GetString(), candle.GetProperty("last_trade_id").GetString()));
        var answered = await host.Exchange.OkAsync(HttpMethod.Get, "/api/v1/candles?symbol=internal:BTC-USDT&interval=5m", null);
        AssertSameCandle(Assert.Single(answered.EnumerateArray()), candle);
        Assert.Equal("5m", candle.GetProperty("interval").GetString());
    }

    [SharedDataFact]
    public async Task A_replayed_recording_is_pushed_once_per_recorded_trade_with_the_candles_the_API_answers()
    {
        await using var host = await MarketHost.StartAsync($"--Ingest:Source=replay:{SharedData.Path(BitmexRecording)}");
        var status = host.Services.GetRequiredService<PipelineStatus>();
        var replayed = await Eventually.ValueAsync(() => Task.FromResult(status.Replay), r => r is not null, "the replay to finish");
        Assert.NotNull(replayed);
        await host.WaitUntilAggregatedAsync(replayed.TradesImported);
        var answered = (await host.Exchange.OkAsync(HttpMethod.Get, "/api/v1/candles?symbol=bitmex:XBTUSD&interval=1m&from=2021-07-22T00:00:00Z", null))
            .EnumerateArray().ToList();
        var expectedTrades = answered.Sum(c => c.GetProperty("trades").GetInt64());

        // The replay ran before anyone listened: resume from the start of the buffer.
        using var timeout = new CancellationTokenSource(Guard);
        await using var stream = await host.OpenStreamAsync("?symbols=XBTUSD&channels=trades,candles", lastEventId: 0);
        var trades = new List<string>();
        var candles = new Dictionary<DateTime, JsonElement>();
        while (trades.Count < expectedTrades || !answered.All(a => candles.TryGetValue(OpenTime(a), out var c) && Same(a, c)))
        {
            var e = await stream.NextAsync(timeout.Token);
            if (e.Type == "trade") trades.Add(e.Data.GetProperty("trade_id").GetString()!);
            else if (e.Type == "candle") candles[OpenTime(e.Data)] = e.Data;
        }

        Assert.Equal(expectedTrades, trades.Count);
        Assert.Equal(trades.Count, trades.Distinct().Count());
        Assert.All(answered, a => AssertSameCandle(a, candles[OpenTime(a)]));
        // Windows of 2021 ended long ago: each is pushed as closed.
        Assert.All(candles.Values, c => Assert.True(c.GetProperty("closed").GetBoolean()));
    }

    [Fact]
    public async Task A_client_resuming_with_Last_Event_ID_gets_what_it_missed_and_one_resuming_from_before_the_buffer_gets_a_reset()
    {
        await using var host = await MarketHost.StartAsync("--MarketPush:ReplayEvents=64");
        var instrument = InstrumentId.Of(Venues.Binance, "RESUMEUSDT");
        await host.RecordAsync(Trades(instrument, 0, 1));
        await host.WaitUntilAggregatedAsync(1);
        using var timeout = new CancellationTokenSource(Guard);
        const string query = "?symbols=binance:RESUMEUSDT&channels=trades";

        long resumeFrom;
        await using (var first = await host.OpenStreamAsync(query))
        {
            await host.RecordAsync(Trades(instrument, 1, 5));
            var seen = await first.ReadThroughAsync(e => TradeId(e) == "2", timeout.Token);
            resumeFrom = seen[^1].Id;
        }
        await host.RecordAsync(Trades(instrument, 6, 3));

        await using (var resumed = await host.OpenStreamAsync(query, resumeFrom))
        {
            var missed = await resumed.ReadThroughAsync(e => TradeId(e) == "8", timeout.Token);
            Assert.Equal(["3", "4", "5", "6", "7", "8"], missed.Select(TradeId));
            Assert.All(missed, e => Assert.True(e.Id > resumeFrom));
        }

        await host.RecordAsync(Trades(instrument, 9, 100));
        await using var late = await host.OpenStreamAsync(query, resumeFrom);
        var reset = await late.NextAsync(timeout.Token);
        Assert.Equal("reset", reset.Type);
        Assert.True(reset.Data.GetProperty("oldest_available").GetInt64() > resumeFrom + 1);
        await host.RecordAsync(Trades(instrument, 109, 1));
        var live = await late.NextAsync(timeout.Token);
        Assert.Equal(("trade", "109"), (live.Type, TradeId(live)));
        Assert.True(live.Id > reset.Id);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_with_a_reason_and_recording_carries_on()
    {
        await using var host = await MarketHost.StartAsync("--MarketPush:ClientBufferEvents=1000");
        var instrument = InstrumentId.Of(Venues.Binance, "SLOWUSDT");
        await host.RecordAsync(Trades(instrument, 0, 1));
        await host.WaitUntilAggregatedAsync(1);
        using var timeout = new CancellationTokenSource(Guard);
        const string query = "?symbols=binance:SLOWUSDT&channels=trades";
        await using var slow = await host.OpenStreamAsync(query);
        const int batches = 200, perBatch = 500;

        // Far more than the client's queue and the sockets' buffers hold, while nobody reads the stream.
        for (var batch = 0; batch < batches; batch++) await host.RecordAsync(Trades(instrument, 1 + batch * perBatch, perBatch));
        await host.WaitUntilAggregatedAsync(1 + batches * perBatch);

        Assert.Equal(1, host.Hub.DroppedSubscribers);
        Assert.Equal(0, host.Hub.SubscriberCount);
        var told = await slow.ReadThroughAsync(e => e.Type == "reset", timeout.Token);
        Assert.Contains("slow client", told[^1].Data.GetProperty("reason").GetString());
        Assert.Equal(told.Take(told.Count - 1).Select(TradeId), Enumerable.Range(1, told.Count - 1).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        await Assert.ThrowsAsync<EndOfStreamException>(() => slow.NextAsync(timeout.Token));

        await using var next = await host.OpenStreamAsync(query);
        await host.RecordAsync(Trades(instrument, 1 + batches * perBatch, 1));
        Assert.Equal((1 + batches * perBatch).ToString(CultureInfo.InvariantCulture), TradeId(await next.NextAsync(timeout.Token)));
    }

    [Fact]
    public async Task Bad_parameters_are_400_problems_naming_them_and_unknown_symbols_404()
    {
        await using var host = await MarketHost.StartAsync();
        foreach (var (query, status, parameter) in new[]
                 {
                     ("", 400, "symbols"),
                     ("?symbols=nope:NOPE", 404, "symbols"),
                     ("?symbols=not a symbol", 400, "symbols"),
                     ("?symbols=internal:BTC-USDT&channels=trades,quotes", 400, "channels"),
                     ("?symbols=internal:BTC-USDT&interval=7m", 400, "interval"),
                 })
        {
            using var response = await host.Client.GetAsync("/api/v1/market/stream" + query);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal((status, "application/problem+json"), ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            Assert.True(body.TryGetProperty("errors", out var errors) ? errors.TryGetProperty(parameter, out _) : body.GetProperty("parameter").GetString() == parameter,
                $"{query}: {body}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/market/stream?symbols=internal:BTC-USDT");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var badId = await host.Client.SendAsync(request);
        Assert.Equal(400, (int)badId.StatusCode);
        Assert.Contains("Last-Event-ID", await badId.Content.ReadAsStringAsync());
        using var notWebSocket = await host.Client.GetAsync("/api/v1/market/ws");
        Assert.Equal(400, (int)notWebSocket.StatusCode);
    }

    internal static List<Trade> Trades(InstrumentId instrument, int firstId, int count) =>
    [
        .. Enumerable.Range(firstId, count).Select(i => new Trade(instrument, i.ToString(CultureInfo.InvariantCulture),
            new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc).AddMilliseconds(i), 100m + i % 7, 1m, 100m + i % 7, TakerSide.Buy)),
    ];

    private static string? TradeId(ServerSentEventReader.Event e) => e.Type == "trade" ? e.Data.GetProperty("trade_id").GetString() : null;

    private static DateTime OpenTime(JsonElement candle) => candle.GetProperty("open_time").GetDateTime();

    private static readonly string[] CandleFields = ["open", "high", "low", "close", "volume", "quote_volume", "trades", "taker_buy_volume", "taker_buy_quote_volume", "vwap"];

    internal static bool Same(JsonElement answered, JsonElement pushed) =>
        OpenTime(answered) == OpenTime(pushed) && CandleFields.All(f => answered.GetProperty(f).GetRawText() == pushed.GetProperty(f).GetRawText());

    internal static void AssertSameCandle(JsonElement answered, JsonElement pushed)
    {
        Assert.Equal(answered.GetProperty("symbol").GetString(), pushed.GetProperty("symbol").GetString());
        Assert.Equal(OpenTime(answered), OpenTime(pushed));
        foreach (var field in CandleFields) Assert.Equal(answered.GetProperty(field).GetRawText(), pushed.GetProperty(field).GetRawText());
    }
}
