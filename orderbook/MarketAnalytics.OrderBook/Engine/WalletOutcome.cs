namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The result of an admin credit or debit.</summary>
public enum WalletOutcome : byte
{
    Applied = 1,
    /// <summary>A credit or debit with the same reference was applied before; nothing changed.</summary>
    AlreadyApplied = 2,
    UnknownUser = 3,
    UnknownAsset = 4,
    /// <summary>The amount is not positive, has more than 8 decimals or is too large.</summary>
    InvalidAmount = 5,
    /// <summary>A debit larger than the available balance; nothing changed.</summary>
    InsufficientFunds = 6,
    /// <summary>The reference is empty or longer than 128 characters.</summary>
    InvalidReference = 7,
}
