using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.GapFill;

/// <summary>One page of a venue's REST trade history.</summary>
/// <param name="Trades">Individual trades, oldest first (exchange time, then id), with the ids the live stream uses.</param>
/// <param name="HasMore">The venue holds trades after the page's last one (ask again from it); false when the page reached the
/// newest trade the venue has, so the filler stops even if it has not met the live stream.</param>
public sealed record TradePage(IReadOnlyList<Trade> Trades, bool HasMore)
{
    /// <summary>Why trades between the cursor and the page's first trade cannot be had from this venue's REST API (Bybit's
    /// one-page recent trades that do not reach back far enough); null when the page continues from the cursor. The filler
    /// records the page and reports the gap as not filled with this reason.</summary>
    public string? Unreachable { get; init; }
}
