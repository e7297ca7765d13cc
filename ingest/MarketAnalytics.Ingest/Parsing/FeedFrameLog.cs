using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>What a live reader logs of the venue frames that carry no market data, the same way for every venue.</summary>
public static partial class FeedFrameLog
{
    /// <summary>True when <paramref name="frame"/> carried trades or quotes; otherwise logs what it was worth telling (a
    /// subscription, the venue's status, an error it reported, a malformed frame) under <paramref name="venue"/>.</summary>
    public static bool IsMarketData(ILogger logger, string venue, FeedFrame frame)
    {
        switch (frame.Kind)
        {
            case FeedFrameKind.Trades or FeedFrameKind.Quotes:
                return true;
            case FeedFrameKind.Subscribed:
                LogSubscribed(logger, venue, frame.Text);
                break;
            case FeedFrameKind.Status:
                LogStatus(logger, venue, frame.Text);
                break;
            case FeedFrameKind.Error:
                LogServerError(logger, venue, frame.Text);
                break;
            case FeedFrameKind.Malformed:
                LogMalformed(logger, venue, frame.Text);
                break;
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: subscribed to {Subscription}")]
    private static partial void LogSubscribed(ILogger logger, string venue, string? subscription);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: system {Status}")]
    private static partial void LogStatus(ILogger logger, string venue, string? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue} reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string venue, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue}: skipped a malformed message: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string venue, string? reason);
}
