using System.Collections.Concurrent;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.Auth;

/// <summary>The users' API keys this process has already verified, so a trader's every request after the first skips the
/// exchange's SHA-256 of the key.</summary>
/// <remarks>Keys are never revoked or reassigned, so a verified key stays valid for the life of the process. Only keys the
/// exchange accepted are kept (a stream of wrong keys cannot fill it), and at most <see cref="Capacity"/> of them; beyond that
/// a key is verified by the exchange each time, as before.</remarks>
internal sealed class UserKeys(ExchangeService exchange)
{
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, long> _verified = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>The user the key belongs to, or null.</summary>
    public long? Authenticate(string key)
    {
        if (_verified.TryGetValue(key, out var user)) return user;
        if (exchange.Authenticate(key) is not { } found) return null;
        // The count is kept here because ConcurrentDictionary.Count takes every lock.
        if (Volatile.Read(ref _count) < Capacity && _verified.TryAdd(key, found)) Interlocked.Increment(ref _count);
        return found;
    }
}
