using System.Globalization;
using MarketAnalytics.Storage.Kafka;

namespace MarketAnalytics.Api.Commands;

/// <summary><c>kafka-mock</c>: starts librdkafka's mock cluster (the Kafka protocol on 127.0.0.1, in this process), creates the
/// log's topics, prints the setting that points the other commands at it, and serves until Ctrl-C.</summary>
/// <remarks>For trying the Kafka backend where no broker can be installed; the mock keeps everything in memory.</remarks>
public static class KafkaMockCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken ct)
    {
        line.AllowOnly("brokers", "partitions");
        var brokers = Number(line, "brokers", 3);
        var partitions = Number(line, "partitions", 4);
        using var cluster = KafkaMockCluster.Start(brokers);
        var options = new KafkaLogOptions();
        cluster.CreateTopics(options, partitions);
        await output.WriteLineAsync($"Log__Kind=Kafka Log__Kafka__BootstrapServers={cluster.BootstrapServers}");
        await output.WriteLineAsync($"mock cluster of {brokers} brokers, topics {string.Join(", ", options.Topics)} with {partitions} partitions; Ctrl-C stops it");
        await output.FlushAsync(ct);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static int Number(CommandLine line, string name, int fallback)
    {
        var text = line.Get(name);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 64
            ? value
            : throw new CommandLineException($"--{name} '{text}' is not a whole number from 1 to 64");
    }
}
