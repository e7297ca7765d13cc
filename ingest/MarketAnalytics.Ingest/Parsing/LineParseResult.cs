namespace MarketAnalytics.Ingest.Parsing;

/// <summary>The outcome of parsing one line, with the reason when it is <see cref="LineOutcome.Malformed"/>.</summary>
public readonly record struct LineParseResult(LineOutcome Outcome, string? Error = null)
{
    public static readonly LineParseResult Records = new(LineOutcome.Records);
    public static readonly LineParseResult Ignored = new(LineOutcome.Ignored);
    public static readonly LineParseResult NotAFrame = new(LineOutcome.NotAFrame);

    public static LineParseResult Malformed(string error) => new(LineOutcome.Malformed, error);
}
