namespace MarketAnalytics.Core.Ports;

/// <summary>Reads trades from the log for one member of a consumer group, in log order within each partition.</summary>
public interface ITradeConsumer : IAsyncDisposable
{
    /// <summary>Reads up to <paramref name="maxTrades"/> trades, waiting up to <paramref name="maxWait"/> for the first one;
    /// an empty batch when none arrived. Each call continues where the previous batch ended.</summary>
    /// <remarks>A batch's trades are valid until the next call: a consumer may refill the same list. Copy them to keep them.</remarks>
    ValueTask<TradeBatch> ReadAsync(int maxTrades, TimeSpan maxWait, CancellationToken ct);

    /// <summary>Each partition this consumer reads, with its position and the log's end as last known (no round trip to the
    /// log); call it from the reading thread.</summary>
    IReadOnlyList<PartitionPosition> Positions();
}
