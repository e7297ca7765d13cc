namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The parameters a transfer reference was applied with, so a repeat can be told apart from a conflicting reuse.</summary>
internal readonly record struct AppliedTransfer(bool Credit, long Units);
