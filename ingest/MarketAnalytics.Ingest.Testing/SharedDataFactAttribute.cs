using Xunit;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A fact that needs the recorded data in <c>../shared/data</c>; skipped with a message saying so when it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Directory is null) Skip = "needs the recorded market data in ../shared/data beside the repository, which is absent";
    }
}
