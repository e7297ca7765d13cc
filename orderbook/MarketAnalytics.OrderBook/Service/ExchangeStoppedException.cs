namespace MarketAnalytics.OrderBook.Service;

/// <summary>A command or query reached an exchange that has stopped (see <see cref="ExchangeService.Status"/>); nothing was done.</summary>
public sealed class ExchangeStoppedException(ExchangeStatus status, Exception? cause)
    : InvalidOperationException($"The exchange stopped at {status.Since:O}: {status.Reason}; restart it to recover.", cause)
{
    public ExchangeStatus Status { get; } = status;
}
