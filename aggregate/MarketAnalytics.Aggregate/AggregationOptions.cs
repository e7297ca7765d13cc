using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Aggregate;

/// <summary>Settings of the streaming aggregation job (section <c>Aggregation</c>).</summary>
public sealed class AggregationOptions
{
    public const string Section = "Aggregation";

    /// <summary>The consumer group; its offsets are stored with the aggregates.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]+$", ErrorMessage = "Aggregation:Group may hold only letters, digits, '.', '_' and '-'")]
    public string Group { get; set; } = "aggregation";

    /// <summary>The most trades folded into one commit; larger batches commit less often.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Aggregation:MaxBatchTrades must be between 1 and 10000000")]
    public int MaxBatchTrades { get; set; } = 200_000;

    /// <summary>How long a read waits for the first trade before the loop looks around again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00", ErrorMessage = "Aggregation:PollInterval must be between 1 ms and 1 minute")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
