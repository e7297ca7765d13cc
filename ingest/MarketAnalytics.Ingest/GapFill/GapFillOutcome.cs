namespace MarketAnalytics.Ingest.GapFill;

/// <summary>How one gap-fill ended.</summary>
public enum GapFillOutcome
{
    /// <summary>The REST history reached the first live trade after the gap (matched by trade id and order).</summary>
    MetLiveStream,

    /// <summary>The REST history ran out before any live trade was known or met (trading stopped, or the venue lags its stream):
    /// everything the venue had was recorded.</summary>
    HistoryExhausted,

    /// <summary>Nothing to fill from: the log holds no trade of the instrument yet.</summary>
    NothingStored,

    /// <summary>The gap is longer than <see cref="GapFillOptions.MaxAge"/>; reported, not filled.</summary>
    TooOld,

    /// <summary>The venue kept failing or refused; reported, not (completely) filled.</summary>
    Failed,
}
