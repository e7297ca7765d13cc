using System.Buffers.Binary;
using System.Diagnostics;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Journal;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>Plain measured runs (Stopwatch), quicker than BenchmarkDotNet and able to measure latency at an offered rate.</summary>
public static class Measurements
{
    /// <summary>Commands per second of the engine alone on one thread.</summary>
    public static void Throughput(int commands)
    {
        var flow = WarmFlow(out var time);
        var gcBefore = GC.CollectionCount(0);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < commands; i++) flow.Step(++time);
        watch.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var seconds = watch.Elapsed.TotalSeconds;
        // The CPU rate shows what the engine does while it runs; on a shared machine the wall-clock rate is lower by the time the
        // thread waited for a core.
        Console.WriteLine($"engine throughput: {commands:N0} commands in {seconds:F3} s = {commands / seconds / 1e6:F2} M commands/s " +
            $"({commands / cpuSeconds / 1e6:F2} M per CPU-second of the process), gen0 GCs {GC.CollectionCount(0) - gcBefore}, " +
            $"{GC.GetAllocatedBytesForCurrentThread() - allocatedBefore:N0} bytes allocated, " +
            $"{flow.Engine.RecentTrades(0, 1).FirstOrDefault().TradeId:N0} trades so far");
    }

    /// <summary>A flow whose book is at its steady size and whose code the JIT has optimized; <paramref name="time"/> is the last
    /// command time used.</summary>
    private static OrderFlow WarmFlow(out long time)
    {
        var flow = new OrderFlow(OrderFlow.NewEngine());
        time = 0;
        // Tiering compiles optimized code in the background: run, pause so it can install it, then run again.
        for (var i = 0; i < 2_000_000; i++) flow.Step(++time);
        Thread.Sleep(500);
        for (var i = 0; i < 1_000_000; i++) flow.Step(++time);
        return flow;
    }

    /// <summary>Latency of each command when commands are offered at a constant <paramref name="rate"/> per second; measured from
    /// the moment a command was due, so falling behind shows up as latency (no coordinated omission).</summary>
    /// <remarks>Also printed: the service time (the engine call alone, no queueing) and the share of the run the spinning thread
    /// actually had a core. On a shared machine a thread that loses its core falls behind and every command queued meanwhile is
    /// late, so a low share explains a high tail.</remarks>
    public static void Latency(int rate, int seconds)
    {
        var flow = WarmFlow(out var time);
        var commands = rate * seconds;
        var latencies = new long[commands];
        var services = new long[commands];
        // Touch every page now, so page faults of fresh arrays don't show up as command latency.
        Array.Fill(latencies, 1);
        Array.Fill(services, 1);
        var interval = (double)Stopwatch.Frequency / rate;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < commands; i++)
        {
            var due = start + (long)(i * interval);
            var began = Stopwatch.GetTimestamp();
            while (began < due)
            {
                Thread.SpinWait(1);
                began = Stopwatch.GetTimestamp();
            }
            flow.Step(++time);
            var ended = Stopwatch.GetTimestamp();
            latencies[i] = ended - due;
            services[i] = ended - began;
        }
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        process.Refresh();
        var share = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall;
        Array.Sort(latencies);
        Array.Sort(services);
        double Micros(long[] sorted, double q) => sorted[Math.Min(commands - 1, (int)(q * commands))] * 1e6 / Stopwatch.Frequency;
        Console.WriteLine($"engine latency at {rate:N0} commands/s offered for {seconds} s ({commands:N0} commands): " +
            $"p50 {Micros(latencies, 0.50):F2} µs, p99 {Micros(latencies, 0.99):F2} µs, p99.9 {Micros(latencies, 0.999):F2} µs, " +
            $"max {Micros(latencies, 1.0):F1} µs; service time p50 {Micros(services, 0.50):F2} µs, p99 {Micros(services, 0.99):F2} µs, " +
            $"p99.9 {Micros(services, 0.999):F2} µs; the thread had a core {share:P0} of the run");
    }

    /// <summary>The machine's own noise, without the engine: a thread that only spins reading the clock, and the gaps in which it
    /// did not run (interrupts, other work on the core).</summary>
    /// <remarks>At 1 million commands per second a command is due every microsecond, so every gap longer than the latency goal
    /// delays the commands due during it; when such gaps cost more than 1% of the time no engine can meet a p99 below them.</remarks>
    public static void Jitter(int seconds)
    {
        var fiveMicros = Stopwatch.Frequency / 200_000;
        long gaps = 0, lost = 0, longest = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + seconds * Stopwatch.Frequency;
        var previous = start;
        while (previous < end)
        {
            var now = Stopwatch.GetTimestamp();
            var gap = now - previous;
            if (gap > fiveMicros)
            {
                gaps++;
                lost += gap;
            }
            longest = Math.Max(longest, gap);
            previous = now;
        }
        Console.WriteLine($"machine jitter over {seconds} s: {gaps / (double)seconds:F0} gaps over 5 µs per second, " +
            $"{lost * 100.0 / (end - start):F2}% of the time lost in them, longest {longest * 1e6 / Stopwatch.Frequency:F0} µs");
    }

    /// <summary>The sequencer's durable path without the async service around it: each batch is encoded, appended to the journal,
    /// fsynced once (group commit), then applied.</summary>
    public static void Journaled(int commands, int batch, string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        var flow = new OrderFlow(OrderFlow.NewEngine());
        using var journal = CommandJournal.Open(directory, 0, _ => { });
        var pending = new FlowCommand[batch];
        var body = new byte[64];
        long time = 0;
        var fsyncs = 0;
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < commands; done += batch)
        {
            for (var i = 0; i < batch; i++)
            {
                var c = pending[i] = flow.Next();
                body[0] = (byte)c.Kind;
                BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(1), c.CancelUser);
                BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(9), c.OrderId);
                body[17] = (byte)c.Order.Side;
                body[18] = (byte)c.Order.TimeInForce;
                BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(19), c.Order.Price);
                BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(27), c.Order.Lots);
                BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(35), (ushort)c.Pick);
                journal.Append(journal.LastSequence + 1, time + i, body.AsSpan(0, 37));
            }
            journal.Commit();
            fsyncs++;
            for (var i = 0; i < batch; i++) flow.Apply(pending[i], ++time);
        }
        watch.Stop();
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"engine + journal (batch {batch}, fsync per batch): {commands:N0} commands in {seconds:F3} s = " +
            $"{commands / seconds / 1e3:F0} k commands/s, {fsyncs} fsyncs ({seconds / fsyncs * 1e3:F2} ms per batch)");
    }

    /// <summary>The whole <see cref="ExchangeService"/>: <paramref name="clients"/> concurrent callers for <paramref name="seconds"/>,
    /// each running the mix on its own orders through the async API (journal, fsync, events, market-log feed included).</summary>
    public static async Task ServiceAsync(int clients, int seconds, string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        var log = new DiscardingMarketLog();
        await using var exchange = new ExchangeService(
            new ExchangeOptions { DataDirectory = directory, ClosedOrdersPerUser = 10, SnapshotEveryCommands = 1_000_000 }, log, log, TimeProvider.System);
        var users = await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            var user = (await exchange.CreateUserAsync()).UserId;
            await exchange.CreditAsync(user, "USDT", 5_000_000m, $"bench-usdt-{user}");
            await exchange.CreditAsync(user, "BTC", 1_000m, $"bench-btc-{user}");
            return user;
        }));
        long completed = 0;
        var stop = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(users.Select((user, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            long resting = 0;
            while (Stopwatch.GetTimestamp() < stop)
            {
                var roll = random.Next(100);
                var buy = random.Next(2) == 0;
                if (roll >= 12 && resting != 0) await exchange.CancelOrderAsync(user, resting);
                if (roll is >= 12 and < 18)
                {
                    resting = 0;
                    Interlocked.Increment(ref completed);
                    continue;
                }
                var taker = roll is >= 9 and < 12;
                var offset = taker ? -random.Next(1, 6) : random.Next(1, 21);
                var price = 50_000m + (buy ? -offset : offset) * 0.01m;
                var placed = await exchange.PlaceOrderAsync(user, new OrderRequest("BTC-USDT", buy ? OrderSide.Buy : OrderSide.Sell,
                    OrderType.Limit, price, random.Next(10, 1_000) * 0.00001m + 0.001m, null, taker ? TimeInForce.Ioc : TimeInForce.Gtc));
                if (!taker) resting = placed.Status is OrderStatus.Open or OrderStatus.PartiallyFilled ? placed.OrderId : 0;
                Interlocked.Increment(ref completed);
            }
        })));
        watch.Stop();
        Console.WriteLine($"ExchangeService ({clients} concurrent callers, {seconds} s): {completed:N0} commands = " +
            $"{completed / watch.Elapsed.TotalSeconds / 1e3:F0} k commands/s (cancel-replace counts one), {log.Trades:N0} trades logged");
    }
}
