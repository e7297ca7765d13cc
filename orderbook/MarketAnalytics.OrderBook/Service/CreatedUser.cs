namespace MarketAnalytics.OrderBook.Service;

/// <summary>A new user and the API key that authenticates them; the key is shown once, only its hash is stored.</summary>
public sealed record CreatedUser(long UserId, string ApiKey);
