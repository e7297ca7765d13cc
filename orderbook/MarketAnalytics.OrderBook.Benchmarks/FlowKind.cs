namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>The kinds of command in the benchmark mix.</summary>
public enum FlowKind : byte
{
    Place = 1,
    Cancel = 2,
    CancelReplace = 3,
}
