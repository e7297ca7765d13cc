using Confluent.Kafka;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Storage.Kafka.Tests;

public sealed class KafkaMarketLogTests(MockKafka kafka) : IClassFixture<MockKafka>
{
    private static readonly DateTime Noon = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly InstrumentId[] Instruments =
        [.. new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT" }.Select(s => InstrumentId.Of(Venues.Binance, s))];

    private static readonly ResumeOffsets FromStart = _ => new Dictionary<string, long>();

    private static Trade TradeOf(int i, InstrumentId? instrument = null) => new(
        instrument ?? Instruments[i % Instruments.Length], $"{1000 + i}", Noon.AddTicks(i * 1_234_567L), 65000.10m + i, 0.0150m,
        (65000.10m + i) * 0.0150m, i % 3 == 0 ? TakerSide.Sell : TakerSide.Buy, Contracts: i % 5, IsMarket: i % 7 != 0);

    private static async Task<List<TradeBatch>> ReadAsync(ITradeConsumer consumer, int trades)
    {
        var batches = new List<TradeBatch>();
        // Bounded: the group join on the mock cluster takes a few seconds, after which batches arrive at once.
        for (var attempt = 0; attempt < 60 && batches.Sum(b => b.Trades.Count) < trades; attempt++)
        {
            var batch = await consumer.ReadAsync(1000, TimeSpan.FromSeconds(1), default);
            if (!batch.IsEmpty) batches.Add(batch);
        }
        return batches;
    }

    [Fact]
    public async Task Trades_round_trip_exactly_with_each_instrument_in_order_in_one_partition()
    {
        var options = kafka.NewTopics();
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        var trades = Enumerable.Range(0, 300).Select(i => TradeOf(i)).ToList();

        Assert.Equal(new AppendResult(300, 0), await log.AppendTradesAsync(trades, default));
        await using var consumer = log.OpenTradeConsumer(MockKafka.NewGroup(), FromStart);
        var batches = await ReadAsync(consumer, trades.Count);

        var read = batches.SelectMany(b => b.Trades).ToList();
        foreach (var instrument in Instruments)
            Assert.Equal(trades.Where(t => t.Instrument == instrument).Select(Text), read.Where(t => t.Instrument == instrument).Select(Text));
        var ranges = batches.SelectMany(b => b.Ranges).GroupBy(r => r.Partition).ToList();
        Assert.All(ranges, partition => Assert.Equal(0, partition.First().From));
        Assert.Equal(trades.Count, ranges.Sum(p => p.Last().To));
        Assert.Equal(Instruments.Length, read.Select(t => t.Instrument).Distinct().Count());
    }

    [Fact]
    public async Task A_trade_appended_again_is_a_duplicate_even_after_the_log_is_reopened()
    {
        var options = kafka.NewTopics();
        var trades = Enumerable.Range(0, 50).Select(i => TradeOf(i)).ToList();
        await using (var log = await KafkaMarketLog.OpenAsync(options, default))
        {
            Assert.Equal(new AppendResult(50, 0), await log.AppendTradesAsync(trades, default));
            Assert.Equal(new AppendResult(0, 50), await log.AppendTradesAsync(trades, default));
        }

        await using var reopened = await KafkaMarketLog.OpenAsync(options, default);
        var again = await reopened.AppendTradesAsync([.. trades.Take(10), TradeOf(50), TradeOf(50)], default);

        Assert.Equal(new AppendResult(1, 11), again);
    }

    [Fact]
    public async Task The_last_trade_is_the_newest_by_exchange_time_whatever_order_it_was_appended_in_and_after_a_reopen()
    {
        var options = kafka.NewTopics();
        var instrument = Instruments[0];
        var trades = Enumerable.Range(0, 20).Select(i => TradeOf(i, instrument)).ToList();
        await using (var log = await KafkaMarketLog.OpenAsync(options, default))
        {
            Assert.Null(await log.FindLastTradeAsync(instrument, default));
            await log.AppendTradesAsync(trades[10..], default);
            // A gap-fill appends older trades after newer live ones: the newest stays the newest.
            await log.AppendTradesAsync(trades[..10], default);

            Assert.Equal(TradeCursor.Of(trades[^1]), await log.FindLastTradeAsync(instrument, default));
            Assert.Null(await log.FindLastTradeAsync(Instruments[1], default));
        }

        await using var reopened = await KafkaMarketLog.OpenAsync(options, default);
        Assert.Equal(TradeCursor.Of(trades[^1]), await reopened.FindLastTradeAsync(instrument, default));
    }

    [Fact]
    public async Task A_consumer_reports_its_position_and_the_partition_end_for_the_lag()
    {
        var options = kafka.NewTopics(partitions: 1);
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        await log.AppendTradesAsync(Enumerable.Range(0, 100).Select(i => TradeOf(i, Instruments[0])).ToList(), default);
        await using var consumer = log.OpenTradeConsumer(MockKafka.NewGroup(), partitions => new Dictionary<string, long> { [partitions.First()] = 60 });

        var first = await consumer.ReadAsync(25, TimeSpan.FromSeconds(30), default);

        Assert.Equal(25, first.Trades.Count);
        Assert.Equal(new PartitionPosition($"{options.TradesTopic}-0", 85, 100), Assert.Single(consumer.Positions()));
    }

    [Fact]
    public async Task A_consumer_resumes_at_the_offsets_it_is_given_and_its_ranges_join()
    {
        var options = kafka.NewTopics(partitions: 1);
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        var instrument = Instruments[0];
        await log.AppendTradesAsync(Enumerable.Range(0, 100).Select(i => TradeOf(i, instrument)).ToList(), default);
        var partition = $"{options.TradesTopic}-0";
        var asked = new List<string>();

        await using var consumer = log.OpenTradeConsumer(MockKafka.NewGroup(), partitions =>
        {
            asked.AddRange(partitions);
            return new Dictionary<string, long> { [partition] = 60 };
        });
        var first = await consumer.ReadAsync(25, TimeSpan.FromSeconds(30), default);
        var rest = await ReadAsync(consumer, 15);

        Assert.Equal([partition], asked);
        Assert.Equal(new LogRange(partition, 60, 85), Assert.Single(first.Ranges));
        Assert.Equal(Enumerable.Range(60, 25).Select(i => $"{1000 + i}"), first.Trades.Select(t => t.TradeId.ToString()));
        Assert.Equal(new LogRange(partition, 85, 100), new LogRange(partition, rest[0].Ranges[0].From, rest[^1].Ranges[0].To));
        Assert.Equal(15, rest.Sum(b => b.Trades.Count));
    }

    [Fact]
    public async Task A_read_without_waiting_returns_what_the_log_holds_and_then_an_empty_batch()
    {
        var options = kafka.NewTopics();
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        var trades = Enumerable.Range(0, 40).Select(i => TradeOf(i)).ToList();
        await log.AppendTradesAsync(trades, default);
        await using var consumer = log.OpenTradeConsumer(MockKafka.NewGroup(), FromStart);

        // A zero wait is how a caller drains the log; it must not give up while the group is still being joined.
        var read = new List<Trade>();
        for (var batch = await consumer.ReadAsync(1000, TimeSpan.Zero, default); !batch.IsEmpty; batch = await consumer.ReadAsync(1000, TimeSpan.Zero, default))
            read.AddRange(batch.Trades);

        Assert.Equal(trades.Select(Text).Order(), read.Select(Text).Order());
    }

    [Fact]
    public async Task Two_consumers_in_one_group_split_four_partitions_and_read_every_trade_once()
    {
        var options = kafka.NewTopics(partitions: 4);
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        var group = MockKafka.NewGroup();
        var firstAssignment = new AssignmentWatch();
        var secondAssignment = new AssignmentWatch();
        await using var first = log.OpenTradeConsumer(group, firstAssignment.Resume);
        await using var second = log.OpenTradeConsumer(group, secondAssignment.Resume);

        // Nothing is appended until the group has settled with two partitions each; otherwise the member that joins first
        // holds all four alone and may read every trade before the other one joins.
        bool Settled() => firstAssignment.Current.Count == 2 && secondAssignment.Current.Count == 2
            && !firstAssignment.Current.Overlaps(secondAssignment.Current);
        var settling = await Task.WhenAll(PollUntilAsync(first, Settled), PollUntilAsync(second, Settled));
        Assert.True(Settled(), $"group did not settle: {string.Join(",", firstAssignment.Current)} / {string.Join(",", secondAssignment.Current)}");
        Assert.All(settling, read => Assert.Empty(read));
        var trades = Enumerable.Range(0, 600).Select(i => TradeOf(i)).ToList();
        await log.AppendTradesAsync(trades, default);

        var reads = await Task.WhenAll(ReadUntilQuietAsync(first), ReadUntilQuietAsync(second));

        var partitions = reads.Select(r => r.SelectMany(b => b.Ranges).Select(x => x.Partition).ToHashSet()).ToList();
        Assert.All(partitions, p => Assert.Equal(2, p.Count));
        Assert.Empty(partitions[0].Intersect(partitions[1]));
        Assert.Equal(trades.Select(Text).Order(), reads.SelectMany(r => r.SelectMany(b => b.Trades)).Select(Text).Order());
    }

    /// <summary>Polls (each member must poll for the group to rebalance) until <paramref name="done"/> holds, bounded; returns
    /// whatever trades were read meanwhile.</summary>
    private static async Task<List<Trade>> PollUntilAsync(ITradeConsumer consumer, Func<bool> done)
    {
        var read = new List<Trade>();
        for (var attempt = 0; attempt < 300 && !done(); attempt++)
            read.AddRange((await consumer.ReadAsync(1000, TimeSpan.FromMilliseconds(200), default)).Trades);
        return read;
    }

    private static async Task<List<TradeBatch>> ReadUntilQuietAsync(ITradeConsumer consumer)
    {
        var batches = new List<TradeBatch>();
        var quiet = 0;
        // Bounded: stop after 60 polls or 3 empty polls once something was read.
        for (var attempt = 0; attempt < 60 && quiet < 3; attempt++)
        {
            var batch = await consumer.ReadAsync(1000, TimeSpan.FromSeconds(1), default);
            if (!batch.IsEmpty) batches.Add(batch);
            else if (batches.Count > 0) quiet++;
        }
        return batches;
    }

    [Fact]
    public async Task Replay_returns_the_trades_of_the_wanted_instruments_in_the_time_range()
    {
        var options = kafka.NewTopics();
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        var trades = Enumerable.Range(0, 200).Select(i => TradeOf(i)).ToList();
        await log.AppendTradesAsync(trades, default);
        var from = trades[50].Time;
        var to = trades[150].Time;
        InstrumentId[] wanted = [Instruments[0], Instruments[2]];

        var replayed = new List<Trade>();
        await foreach (var trade in log.ReplayTradesAsync(from, to, wanted, null, default)) replayed.Add(trade);

        var expected = trades.Where(t => t.Time >= from && t.Time < to && wanted.Contains(t.Instrument));
        Assert.Equal(expected.Select(Text).Order(), replayed.Select(Text).Order());
        foreach (var instrument in wanted)
            Assert.Equal(expected.Where(t => t.Instrument == instrument).Select(Text), replayed.Where(t => t.Instrument == instrument).Select(Text));
    }

    [Fact]
    public async Task Quotes_are_keyed_by_instrument_with_exact_values()
    {
        var options = kafka.NewTopics(partitions: 1);
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        var quote = new Quote(Instruments[1], Noon.AddTicks(3), 3499.99m, 12.500m, 3500.01m, 0m);

        await log.AppendQuotesAsync([quote], default);

        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaMarketLog.ConsumerConfig(options, MockKafka.NewGroup())).Build();
        consumer.Assign(new TopicPartitionOffset(options.QuotesTopic, 0, Offset.Beginning));
        var record = consumer.Consume(TimeSpan.FromSeconds(30));
        Assert.Equal("binance:ETHUSDT", System.Text.Encoding.UTF8.GetString(record.Message.Key));
        var decoded = LogRecordCodec.DecodeQuote(Instruments[1], record.Message.Value);
        Assert.Equal(quote, decoded);
        Assert.Equal("12.500", decoded.BidSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_trade_survives_the_record_codec_bit_for_bit()
    {
        var trade = new Trade(InstrumentId.Of(Venues.Bitmex, "XBTUSD"), new string('a', 200) + "é", new DateTime(638_000_000_123_456_789, DateTimeKind.Utc),
            -0.0000000000000000000000000001m, 79228162514264337593543950335m, 1.000m, TakerSide.Sell, 12345678901234567890m, IsMarket: false);

        var decoded = LogRecordCodec.DecodeTrade(trade.Instrument, LogRecordCodec.EncodeTrade(trade));

        Assert.Equal(Text(trade), Text(decoded));
        Assert.Equal(TradeCursor.Of(trade), LogRecordCodec.DecodeTradeCursor(LogRecordCodec.EncodeTrade(trade)));
    }

    [Fact]
    public void Wrong_settings_are_named_in_the_validation_message()
    {
        var options = new KafkaLogOptions { BootstrapServers = "localhost", Partitions = 0, TradesTopic = "bad topic" };

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(options.Validate);

        Assert.Contains("Log:Kafka:Partitions", error.Message);
        Assert.Contains("Log:Kafka:BootstrapServers", error.Message);
        Assert.Contains("Log:Kafka:TradesTopic", error.Message);
    }

    private static string Text(Trade t) => string.Join("|", t.Instrument, t.TradeId, t.Time.Ticks, t.Time.Kind, t.Price, t.BaseQuantity,
        t.QuoteQuantity, t.Side, t.Contracts, t.IsMarket);
}
