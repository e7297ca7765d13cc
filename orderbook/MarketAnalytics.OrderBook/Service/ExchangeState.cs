namespace MarketAnalytics.OrderBook.Service;

/// <summary>Whether the exchange accepts commands and queries.</summary>
public enum ExchangeState : byte
{
    Running = 1,
    /// <summary>Stopped for good in this process (fail-stop): a journal write failed, or a command (live or replayed) could not be
    /// applied. Restarting recovers from the journal once the cause is fixed.</summary>
    Stopped = 2,
}
