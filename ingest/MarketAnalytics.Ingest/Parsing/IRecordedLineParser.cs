using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>Turns one line of a recorded file into trades and quotes.</summary>
/// <remarks>A line is all or nothing: when the result is not <see cref="LineOutcome.Records"/>, the lists are as they were.</remarks>
internal interface IRecordedLineParser
{
    LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes);
}
