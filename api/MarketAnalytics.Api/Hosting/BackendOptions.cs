namespace MarketAnalytics.Api.Hosting;

/// <summary>Which backend serves each port: sections <c>Log</c>, <c>Store</c> and <c>Prices</c> (environment <c>Log__Kind</c>, …).</summary>
public sealed class BackendOptions
{
    /// <summary><c>Log:Kind</c>: <c>Embedded</c> (default) or <c>Kafka</c>.</summary>
    public string LogKind { get; set; } = Embedded;

    /// <summary><c>Store:Kind</c>: <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public string StoreKind { get; set; } = Sqlite;

    /// <summary><c>Prices:Kind</c>: <c>Memory</c> (default) or <c>Redis</c>.</summary>
    public string PricesKind { get; set; } = Memory;

    public const string Embedded = "Embedded";
    public const string Kafka = "Kafka";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
    public const string Memory = "Memory";
    public const string Redis = "Redis";

    /// <summary>True when the log is the embedded one (the default).</summary>
    public bool HasEmbeddedLog => !string.Equals(LogKind, Kafka, StringComparison.OrdinalIgnoreCase);

    public static BackendOptions From(IConfiguration configuration) => new()
    {
        LogKind = configuration["Log:Kind"] ?? Embedded,
        StoreKind = configuration["Store:Kind"] ?? Sqlite,
        PricesKind = configuration["Prices:Kind"] ?? Memory,
    };

    /// <summary>One message per wrong setting, naming it.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Is(LogKind, Embedded, Kafka)) yield return $"Log:Kind must be {Embedded} or {Kafka}, not '{LogKind}'";
        if (!Is(StoreKind, Sqlite, Postgres)) yield return $"Store:Kind must be {Sqlite} or {Postgres}, not '{StoreKind}'";
        if (!Is(PricesKind, Memory, Redis)) yield return $"Prices:Kind must be {Memory} or {Redis}, not '{PricesKind}'";
    }

    private static bool Is(string value, params string[] allowed) => allowed.Contains(value, StringComparer.OrdinalIgnoreCase);
}
