namespace MarketAnalytics.OrderBook.Engine;

/// <summary>What a cancel-replace did: whether the old order was canceled and what became of the new order that replaced it.</summary>
/// <remarks>When <see cref="Old"/> is not <see cref="CancelOutcome.Canceled"/> nothing changed and <see cref="New"/> is
/// <c>(0, Rejected, <see cref="OrderReasons.OldOrderNotCanceled"/>)</c>. Otherwise the old order is canceled whatever happens to the
/// new one, which may itself be rejected (funds, grid, minimum notional, post-only) with its own id and reason.</remarks>
public readonly record struct ReplaceOutcome(CancelOutcome Old, PlaceOutcome New);
