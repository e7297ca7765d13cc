namespace MarketAnalytics.Ingest.Parsing;

/// <summary>The outcome of parsing one line, with the reason when it is <see cref="LineOutcome.Malformed"/>.</summary>
/// <remarks>The outcomes without an error are built where they are returned, not read from static fields: precompiled code reaches a
/// static field through a helper call, once per line.</remarks>
public readonly record struct LineParseResult(LineOutcome Outcome, string? Error = null)
{
    public static LineParseResult Records => new(LineOutcome.Records);
    public static LineParseResult Ignored => new(LineOutcome.Ignored);
    public static LineParseResult NotAFrame => new(LineOutcome.NotAFrame);

    public static LineParseResult Malformed(string error) => new(LineOutcome.Malformed, error);
}
