namespace MarketAnalytics.Core.Ports;

/// <summary>How a job run ended and what it did, recorded when it finishes.</summary>
/// <remarks><see cref="Summary"/> is one human-readable line (what was repaired or dropped); <see cref="Error"/> says why a
/// failed or canceled run did not succeed, e.g. the mismatching windows an integrity check found.</remarks>
public sealed record JobOutcome(
    JobRunStatus Status,
    DateTime FinishedAt,
    int WindowsExamined,
    int WindowsChanged,
    long TradesRead,
    string? Summary,
    string? Error);
