namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The result of an admin credit or debit.</summary>
public enum WalletOutcome : byte
{
    Applied = 1,
    /// <summary>The same user, asset, direction and amount were applied before with this reference; nothing changed.</summary>
    AlreadyApplied = 2,
    UnknownUser = 3,
    UnknownAsset = 4,
    /// <summary>The amount is not positive, has more than 8 decimals, or would take the balance beyond
    /// <see cref="Amounts.MaxBalance"/> or the exchange's total of the asset beyond <see cref="Amounts.MaxSupply"/>.</summary>
    InvalidAmount = 5,
    /// <summary>A debit larger than the available balance; nothing changed.</summary>
    InsufficientFunds = 6,
    /// <summary>The reference is empty or longer than 128 characters.</summary>
    InvalidReference = 7,
    /// <summary>This user's reference in this asset was applied before with another direction or amount (or by a version that
    /// did not record them); nothing changed.</summary>
    ReferenceConflict = 8,
}
