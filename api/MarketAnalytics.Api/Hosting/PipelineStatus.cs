using MarketAnalytics.Ingest.Import;

namespace MarketAnalytics.Api.Hosting;

/// <summary>What the parts of this process last reported, for the health checks behind <c>/health</c>.</summary>
public sealed class PipelineStatus
{
    private long _aggregatedTrades;
    private long _lastCommitTicks;
    private ImportStats? _replay;

    /// <summary>The status of a process playing <paramref name="role"/>, with its ingest source when it ingests.</summary>
    public static PipelineStatus Of(Role role, IConfiguration configuration) => new()
    {
        Role = role.Name,
        Source = role.Has(Area.Ingest) ? IngestSource.Text(configuration) : null,
    };

    /// <summary>The role this process plays: run, api, ingest or aggregate.</summary>
    public string Role { get; init; } = "api";

    /// <summary>The ingest source (bitmex, replay:FILE, none) when this process ingests.</summary>
    public string? Source { get; init; }

    /// <summary>When the aggregation started (its clock), for telling a stalled job from one that just began.</summary>
    public DateTime StartedAt { get; set; }

    public long AggregatedTrades => Interlocked.Read(ref _aggregatedTrades);

    public DateTime? LastCommitAt => Interlocked.Read(ref _lastCommitTicks) is var ticks and not 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    /// <summary>The replay's result once a <c>replay:FILE</c> source has read its file, null before.</summary>
    public ImportStats? Replay
    {
        get => Volatile.Read(ref _replay);
        set => Volatile.Write(ref _replay, value);
    }

    public void RecordCommit(long trades, DateTime at)
    {
        Interlocked.Add(ref _aggregatedTrades, trades);
        Interlocked.Exchange(ref _lastCommitTicks, at.Ticks);
    }
}
