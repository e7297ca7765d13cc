using Confluent.Kafka;
using MarketAnalytics.Storage.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Health;

/// <summary>Kafka: Healthy when the brokers answer a metadata request for the trades topic, Unhealthy otherwise.</summary>
internal sealed class KafkaHealthCheck(KafkaLogOptions options) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = options.BootstrapServers }).Build());

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["bootstrap_servers"] = options.BootstrapServers, ["topic"] = options.TradesTopic };
        try
        {
            // GetMetadata blocks; it runs off the request thread.
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(options.TradesTopic, Timeout), cancellationToken);
            data["brokers"] = metadata.Brokers.Count;
            var topic = metadata.Topics.FirstOrDefault(t => t.Topic == options.TradesTopic);
            if (topic is null || topic.Error.IsError)
                return HealthCheckResult.Unhealthy($"topic {options.TradesTopic}: {topic?.Error.Reason ?? "missing"}", data: data);
            data["partitions"] = topic.Partitions.Count;
            return HealthCheckResult.Healthy("brokers answering", data);
        }
        catch (KafkaException e)
        {
            return HealthCheckResult.Unhealthy(e.Message, e, data);
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
