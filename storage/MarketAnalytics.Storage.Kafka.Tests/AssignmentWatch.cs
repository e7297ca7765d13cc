using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.Kafka.Tests;

/// <summary>Records the partitions a consumer group member was last assigned, as its partitions-assigned handler reports them
/// through <see cref="ResumeOffsets"/>, and resumes every partition from the start.</summary>
/// <remarks>The consumers use the eager protocol, so each assignment names the member's whole set.</remarks>
internal sealed class AssignmentWatch
{
    private volatile HashSet<string> _current = [];

    public HashSet<string> Current => _current;

    public IReadOnlyDictionary<string, long> Resume(IReadOnlyCollection<string> partitions)
    {
        _current = [.. partitions];
        return new Dictionary<string, long>();
    }
}
