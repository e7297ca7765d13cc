namespace MarketAnalytics.OrderBook.Service;

/// <summary>The exchange's state, with why and since when it stopped (both null while it runs).</summary>
public sealed record ExchangeStatus(ExchangeState State, string? Reason, DateTimeOffset? Since)
{
    public static readonly ExchangeStatus Running = new(ExchangeState.Running, null, null);

    public bool IsRunning => State == ExchangeState.Running;
}
