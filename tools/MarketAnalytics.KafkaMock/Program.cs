using System.CommandLine;
using System.Globalization;
using MarketAnalytics.Storage.Kafka;

// `kafka-mock`: starts librdkafka's mock cluster (the Kafka protocol on 127.0.0.1, in this process; everything in memory), creates
// the log's topics, prints the setting that points the other commands at it, and serves until Ctrl-C.
var brokers = Count("--brokers", "brokers in the cluster", 3);
var partitions = Count("--partitions", "partitions of each topic", 4);
var root = new RootCommand("librdkafka's mock Kafka cluster on 127.0.0.1, for trying Log__Kind=Kafka where no broker exists") { brokers, partitions };
root.SetAction(async (result, ct) =>
{
    var output = result.InvocationConfiguration.Output;
    using var cluster = KafkaMockCluster.Start(result.GetValue(brokers));
    var options = new KafkaLogOptions();
    cluster.CreateTopics(options, result.GetValue(partitions));
    await output.WriteLineAsync($"Log__Kind=Kafka Log__Kafka__BootstrapServers={cluster.BootstrapServers}");
    await output.WriteLineAsync($"mock cluster of {result.GetValue(brokers)} brokers, topics {string.Join(", ", options.Topics)} with {result.GetValue(partitions)} partitions; Ctrl-C stops it");
    await output.FlushAsync(ct);
    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    return 0;
});

var parsed = root.Parse(args);
if (parsed.Errors.Count == 0) return await parsed.InvokeAsync();
foreach (var error in parsed.Errors) await Console.Error.WriteLineAsync($"error: {error.Message}");
await Console.Error.WriteLineAsync("usage: marketanalytics kafka-mock --help");
return 2;

static Option<int> Count(string name, string description, int fallback) => new(name)
{
    Description = $"{description}, 1 to 64",
    HelpName = "N",
    DefaultValueFactory = _ => fallback,
    CustomParser = result =>
    {
        var text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 64) return value;
        result.AddError($"{name} '{text}' is not a whole number from 1 to 64");
        return 0;
    },
};
