namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The result of a cancel request.</summary>
public enum CancelOutcome : byte
{
    Canceled = 1,
    /// <summary>No such order is known (never existed or no longer retained).</summary>
    NotFound = 2,
    /// <summary>The order belongs to another user.</summary>
    NotOwner = 3,
    /// <summary>The order is already filled, canceled or rejected.</summary>
    AlreadyFinal = 4,
}
