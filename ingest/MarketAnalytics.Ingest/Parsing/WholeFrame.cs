using System.Text.Json;
using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>A venue parser's reading of one frame's body, appending what it carries to the lists.</summary>
public delegate FeedFrame FrameBodyParser(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes);

/// <summary>Makes a frame all or nothing: a frame that is not valid JSON, or that its parser finds malformed half-way, adds no
/// trade and no quote.</summary>
public static class WholeFrame
{
    /// <summary>Runs <paramref name="parse"/> over <paramref name="frame"/>; when the result is
    /// <see cref="FeedFrameKind.Malformed"/> (invalid JSON included) the lists are as they were before.</summary>
    public static FeedFrame Parse(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes, FrameBodyParser parse)
    {
        var tradeCount = trades.Count;
        var quoteCount = quotes.Count;
        FeedFrame result;
        try
        {
            result = parse(frame, trades, quotes);
        }
        catch (JsonException e)
        {
            result = FeedFrame.Malformed($"invalid JSON: {e.Message}");
        }
        if (result.Kind == FeedFrameKind.Malformed)
        {
            trades.RemoveRange(tradeCount, trades.Count - tradeCount);
            quotes.RemoveRange(quoteCount, quotes.Count - quoteCount);
        }
        return result;
    }
}
