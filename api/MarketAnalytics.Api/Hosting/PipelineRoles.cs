namespace MarketAnalytics.Api.Hosting;

/// <summary>The parts of the pipeline one process runs: <c>run</c> is all of them, <c>api</c>, <c>ingest</c> and
/// <c>aggregate</c> one each against shared backends.</summary>
[Flags]
public enum PipelineRoles
{
    /// <summary>A one-shot command: the backends and the aggregation job, nothing running in the background.</summary>
    None = 0,
    Api = 1,
    Ingest = 2,
    Aggregate = 4,
    All = Api | Ingest | Aggregate,
}
