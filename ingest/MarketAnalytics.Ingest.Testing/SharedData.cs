namespace MarketAnalytics.Ingest.Testing;

/// <summary>Finds the recorded market data in <c>../shared/data</c> beside the repository, which tests read in place.</summary>
public static class SharedData
{
    public static string? Directory { get; } = Locate();

    public static string Path(string relative) =>
        System.IO.Path.Combine(Directory ?? throw new InvalidOperationException("shared data is absent"), relative);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "MarketAnalytics.sln"))) continue;
            var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
            return System.IO.Directory.Exists(data) ? data : null;
        }
        return null;
    }
}
