using System.Collections.Concurrent;
using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Prices;
using StackExchange.Redis;

namespace MarketAnalytics.Storage.Redis;

/// <summary>The current-price cache on Redis, shared by every process: one hash per instrument, the seed system's plain keys,
/// and a pub/sub message per change.</summary>
/// <remarks>
/// <para>Hash <c>price:{venue}:{SYMBOL}</c> holds <c>buy</c>, <c>sell</c>, <c>bid</c>, <c>ask</c>, <c>bid_size</c>, <c>ask_size</c>
/// (exact decimal text), the exchange time of each part (<c>buy_ts</c>, <c>sell_ts</c>, <c>quote_ts</c>) and <c>ts</c>, the newest
/// of them. Times are ISO 8601 UTC with 7 fractional digits (<c>2024-03-01T12:00:00.1234567Z</c>), which sort as text in time
/// order, so a Lua script compares and sets each part atomically: a part is replaced only by one at least as new. Plain keys
/// <c>{SYMBOL}_Buy</c> and <c>{SYMBOL}_Sell</c> carry the last taker-buy and taker-sell prices as the seed system wrote them; they
/// have no venue, so two venues listing the same symbol overwrite each other (last writer wins). Every change publishes the
/// hash as a JSON object on <c>prices:{venue}:{SYMBOL}</c>.</para>
/// <para>The cache keeps what it last wrote or read in memory. When Redis does not answer within
/// <see cref="RedisPriceOptions.OperationTimeoutMs"/>, reads return that copy marked stale and writes are kept and pushed with
/// the next write after Redis is back (StackExchange.Redis reconnects by itself).</para>
/// </remarks>
public sealed class RedisPriceCache : IPriceCache, IAsyncDisposable
{
    // Sets each part whose time is not older than the stored one; returns 1 and publishes when anything changed.
    // KEYS: hash, plain buy key, plain sell key. ARGV: channel, instrument, then buy, buy_ts, sell, sell_ts, bid, ask,
    // bid_size, ask_size, quote_ts (empty where the writer has none).
    private const string UpdateScript = """
        local function newer(field, ts)
          if ts == '' then return false end
          local stored = redis.call('HGET', KEYS[1], field)
          return (not stored) or stored <= ts
        end
        local changed = false
        if newer('buy_ts', ARGV[4]) then
          redis.call('HSET', KEYS[1], 'buy', ARGV[3], 'buy_ts', ARGV[4])
          redis.call('SET', KEYS[2], ARGV[3])
          changed = true
        end
        if newer('sell_ts', ARGV[6]) then
          redis.call('HSET', KEYS[1], 'sell', ARGV[5], 'sell_ts', ARGV[6])
          redis.call('SET', KEYS[3], ARGV[5])
          changed = true
        end
        if newer('quote_ts', ARGV[11]) then
          redis.call('HSET', KEYS[1], 'bid', ARGV[7], 'ask', ARGV[8], 'bid_size', ARGV[9], 'ask_size', ARGV[10], 'quote_ts', ARGV[11])
          changed = true
        end
        if not changed then return 0 end
        local ts = ''
        for _, field in ipairs({'buy_ts', 'sell_ts', 'quote_ts'}) do
          local value = redis.call('HGET', KEYS[1], field)
          if value and value > ts then ts = value end
        end
        redis.call('HSET', KEYS[1], 'ts', ts)
        local message = {instrument = ARGV[2]}
        local all = redis.call('HGETALL', KEYS[1])
        for i = 1, #all, 2 do message[all[i]] = all[i + 1] end
        redis.call('PUBLISH', ARGV[1], cjson.encode(message))
        return 1
        """;

    private readonly ConnectionMultiplexer _redis;
    private readonly TimeSpan _timeout;
    private readonly ConcurrentDictionary<InstrumentId, CurrentPrice> _lastKnown = new();
    private readonly ConcurrentDictionary<InstrumentId, bool> _unwritten = new();

    private RedisPriceCache(ConnectionMultiplexer redis, TimeSpan timeout)
    {
        _redis = redis;
        _timeout = timeout;
    }

    /// <summary>Connects (or keeps trying in the background when Redis is not up yet: the cache answers stale until it is).</summary>
    public static async Task<RedisPriceCache> OpenAsync(RedisPriceOptions options)
    {
        options.Validate();
        var configuration = ConfigurationOptions.Parse(options.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = options.OperationTimeoutMs;
        configuration.SyncTimeout = options.OperationTimeoutMs;
        configuration.ConnectRetry = 1;
        // Each reconnect attempt is cheap; retrying often gets a restarted Redis back within about a second.
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        // While Redis is away a command fails at once instead of waiting in the client's backlog: reads answer the last known
        // price marked stale without delay, and unwritten prices are pushed by the next write after Redis is back.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        return new RedisPriceCache(redis, TimeSpan.FromMilliseconds(options.OperationTimeoutMs));
    }

    public static string HashKey(InstrumentId instrument) => $"price:{instrument.Venue}:{instrument.Symbol}";

    public static string Channel(InstrumentId instrument) => $"prices:{instrument.Venue}:{instrument.Symbol}";

    /// <summary>Subscribes to the change messages of <paramref name="instrument"/> (JSON objects of the hash's fields plus
    /// <c>instrument</c>).</summary>
    public Task SubscribeAsync(InstrumentId instrument, Action<string> onMessage) =>
        _redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Channel(instrument)), (_, message) => onMessage(message!));

    public async ValueTask UpdateAsync(IReadOnlyList<Trade> trades, IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        foreach (var trade in trades)
        {
            if (!trade.IsMarket) continue;
            _lastKnown.AddOrUpdate(trade.Instrument, (id, t) => CurrentPrice.Empty(id).With(t), (_, price, t) => price.With(t), trade);
            _unwritten[trade.Instrument] = true;
        }
        foreach (var quote in quotes)
        {
            _lastKnown.AddOrUpdate(quote.Instrument, (id, q) => CurrentPrice.Empty(id).With(q), (_, price, q) => price.With(q), quote);
            _unwritten[quote.Instrument] = true;
        }
        // Writing whole current prices rather than the batch's records is what lets a write after an outage catch Redis up:
        // the script keeps whichever part is newer.
        var database = _redis.GetDatabase();
        var writes = new List<(InstrumentId Instrument, Task<bool> Written)>();
        foreach (var instrument in _unwritten.Keys)
        {
            if (!_unwritten.TryRemove(instrument, out _) || !_lastKnown.TryGetValue(instrument, out var price)) continue;
            // Started together so the scripts travel in one pipeline, awaited afterwards.
            writes.Add((instrument, Answers(() => database.ScriptEvaluateAsync(UpdateScript,
                [HashKey(instrument), $"{instrument.Symbol}_Buy", $"{instrument.Symbol}_Sell"], Arguments(price)), ct)));
        }
        foreach (var (instrument, written) in writes)
        {
            if (!await written) _unwritten[instrument] = true;
        }
    }

    public async ValueTask<PriceReading> GetAsync(InstrumentId instrument, CancellationToken ct)
    {
        var read = Task.FromResult<HashEntry[]>([]);
        if (!await Answers(() => read = _redis.GetDatabase().HashGetAllAsync(HashKey(instrument)), ct)) return new PriceReading(_lastKnown.GetValueOrDefault(instrument), IsStale: true);
        var fields = read.Result.ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        if (fields.Count == 0) return new PriceReading(null, IsStale: false);
        var price = new CurrentPrice(instrument,
            Number(fields, "buy"), Time(fields, "buy_ts"), Number(fields, "sell"), Time(fields, "sell_ts"),
            Number(fields, "bid"), Number(fields, "ask"), Number(fields, "bid_size"), Number(fields, "ask_size"), Time(fields, "quote_ts"));
        _lastKnown[instrument] = price;
        return new PriceReading(price, IsStale: false);
    }

    public async ValueTask DisposeAsync() => await _redis.CloseAsync();

    /// <summary>Starts <paramref name="operation"/> and waits for it up to the operation timeout; false when Redis failed (now or
    /// when the operation was sent) or did not answer.</summary>
    private async Task<bool> Answers(Func<Task> operation, CancellationToken ct)
    {
        try
        {
            await operation().WaitAsync(_timeout, ct);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            PriceCacheMetrics.Errors.Add(1, new KeyValuePair<string, object?>("error", e.GetType().Name));
            return false;
        }
    }

    private static RedisValue[] Arguments(CurrentPrice price) =>
    [
        Channel(price.Instrument), price.Instrument.ToString(),
        Text(price.BuyPrice), Text(price.BuyTime), Text(price.SellPrice), Text(price.SellTime),
        Text(price.BidPrice), Text(price.AskPrice), Text(price.BidSize), Text(price.AskSize), Text(price.QuoteTime),
    ];

    private static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Text(DateTime? time) => time?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) ?? "";

    private static decimal? Number(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && text.Length > 0
            ? decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
            : null;

    private static DateTime? Time(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && text.Length > 0
            ? DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : null;
}
