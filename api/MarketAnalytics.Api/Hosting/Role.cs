namespace MarketAnalytics.Api.Hosting;

/// <summary>What one process runs: <c>run</c> is every area, <c>api</c>, <c>ingest</c> and <c>aggregate</c> one each against
/// shared backends, and a one-shot command (<c>import</c>, <c>candles</c>, <c>rerun</c>) none.</summary>
public sealed class Role
{
    private readonly Area[] _areas;

    private Role(string name, params Area[] areas)
    {
        Name = name;
        _areas = areas;
    }

    public static Role Run { get; } = new("run", Area.Ingest, Area.Aggregation, Area.Api);

    public static Role Api { get; } = new("api", Area.Api);

    public static Role Ingest { get; } = new("ingest", Area.Ingest);

    public static Role Aggregate { get; } = new("aggregate", Area.Aggregation);

    /// <summary>A one-shot command: the backends, the aggregation job and reruns, nothing running in the background, no HTTP.</summary>
    public static Role Command { get; } = new("command");

    /// <summary>The role's command name (run, api, ingest, aggregate), also its health report's <c>role</c>.</summary>
    public string Name { get; }

    /// <summary>True for the long-running roles, which serve HTTP (at least <c>/health</c> and <c>/metrics</c>).</summary>
    public bool Serves => _areas.Length > 0;

    public bool Has(Area area) => _areas.Contains(area);

    public override string ToString() => Name;
}
