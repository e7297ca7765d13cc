namespace MarketAnalytics.Core.Ports;

/// <summary>Told of every batch the market recorder wrote, right after the log took it and the price cache was updated.</summary>
/// <remarks>Called on the recorder's path, so an implementation must not block or wait: it copies what it needs (the lists are
/// reused by the caller afterwards) and hands slow work to a thread of its own.</remarks>
public interface IRecordingObserver
{
    /// <summary><paramref name="result"/> is the log's answer for <paramref name="trades"/>: how many it appended and how many it
    /// dropped as already logged.</summary>
    void OnRecorded(IReadOnlyList<Trade> trades, AppendResult result, IReadOnlyList<Quote> quotes);
}
