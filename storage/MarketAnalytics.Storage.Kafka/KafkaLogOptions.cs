using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>Where the Kafka log lives and how its topics are laid out; bound from <c>Log:Kafka</c>.</summary>
/// <remarks>Validated with data annotations (<c>ValidateDataAnnotations().ValidateOnStart()</c> in a host, or
/// <see cref="Validate"/>); every message names its setting.</remarks>
public sealed class KafkaLogOptions : IValidatableObject
{
    public const string Section = "Log:Kafka";

    /// <summary>Comma-separated <c>host:port</c> list of brokers.</summary>
    [Required(ErrorMessage = "Log:Kafka:BootstrapServers is required (host:port[,host:port...]).")]
    public string BootstrapServers { get; set; } = "";

    /// <summary>Partition count of the topics the log creates; existing topics keep theirs.</summary>
    [Range(1, 10_000, ErrorMessage = "Log:Kafka:Partitions must be between 1 and 10000.")]
    public int Partitions { get; set; } = 4;

    /// <summary>Replication factor of the topics the log creates (at most the broker count).</summary>
    [Range(1, 32, ErrorMessage = "Log:Kafka:ReplicationFactor must be between 1 and 32.")]
    public short ReplicationFactor { get; set; } = 1;

    public string TradesTopic { get; set; } = "trades";

    public string QuotesTopic { get; set; } = "quotes";

    /// <summary>The internal exchange's order updates and fills, keyed by market.</summary>
    public string OrdersTopic { get; set; } = "orders";

    /// <summary>The internal exchange's wallet changes, keyed by asset.</summary>
    public string WalletsTopic { get; set; } = "wallets";

    /// <summary>How long the producer gathers records into one request, in milliseconds; an append waits at least this long.</summary>
    [Range(0, 1000, ErrorMessage = "Log:Kafka:LingerMs must be between 0 and 1000.")]
    public int LingerMs { get; set; } = 2;

    /// <summary>How long a consumer may go silent before the group gives its partitions to the others, in milliseconds: the
    /// delay before a crashed aggregation instance's work moves on. Heartbeats go at a third of it (at most every 3 s).</summary>
    [Range(1000, 300_000, ErrorMessage = "Log:Kafka:SessionTimeoutMs must be between 1000 and 300000.")]
    public int SessionTimeoutMs { get; set; } = 45_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var server in BootstrapServers.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (BootstrapServers.Length > 0 && (colon <= 0 || !ushort.TryParse(server[(colon + 1)..], out var port) || port == 0))
                yield return new ValidationResult(
                    $"Log:Kafka:BootstrapServers entry '{server}' is not host:port.", [nameof(BootstrapServers)]);
        }
        var topics = new[]
        {
            (nameof(TradesTopic), TradesTopic), (nameof(QuotesTopic), QuotesTopic), (nameof(OrdersTopic), OrdersTopic), (nameof(WalletsTopic), WalletsTopic),
        };
        for (var i = 0; i < topics.Length; i++)
        {
            var (name, topic) = topics[i];
            if (!IsTopicName(topic))
                yield return new ValidationResult(
                    $"Log:Kafka:{name} '{topic}' is not a Kafka topic name (1-249 of letters, digits, '.', '_', '-').", [name]);
            else if (topics[..i].FirstOrDefault(t => t.Item2 == topic) is { Item1: { } earlier })
                yield return new ValidationResult($"Log:Kafka:{earlier} and Log:Kafka:{name} must differ.", [name]);
        }
    }

    /// <summary>Every topic of the log: trades, quotes, orders, wallets.</summary>
    public IReadOnlyList<string> Topics => [TradesTopic, QuotesTopic, OrdersTopic, WalletsTopic];

    /// <summary>The topic an event topic is written to.</summary>
    public string TopicOf(EventTopic topic) => topic switch
    {
        EventTopic.Orders => OrdersTopic,
        EventTopic.Wallets => WalletsTopic,
        _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, "not an event topic"),
    };

    /// <summary>Throws <see cref="ValidationException"/> listing every wrong setting.</summary>
    public void Validate() => SettingsValidation.ThrowIfInvalid(this);

    private static bool IsTopicName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 249 && name is not ("." or "..")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
