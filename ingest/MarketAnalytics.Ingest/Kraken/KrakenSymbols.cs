namespace MarketAnalytics.Ingest.Kraken;

/// <summary>Kraken's spellings of one pair: WebSocket v2 (<c>BTC/USD</c>, the instrument's symbol), v1 (<c>XBT/USD</c>) and the
/// REST pair name (<c>XBTUSD</c>).</summary>
/// <remarks>Kraken's older API names bitcoin <c>XBT</c> and dogecoin <c>XDG</c> where v2 writes <c>BTC</c> and <c>DOGE</c>; every
/// other asset is spelled alike.</remarks>
public static class KrakenSymbols
{
    private static readonly (string V2, string Legacy)[] Renamed = [("BTC", "XBT"), ("DOGE", "XDG")];

    /// <summary>A v1 pair (<c>XBT/USD</c>) in the v2 spelling (<c>BTC/USD</c>); a v2 pair comes back unchanged.</summary>
    public static string FromV1(string pair) => MapAssets(pair, legacyToV2: true);

    /// <summary>The REST <c>pair</c> parameter for a v2 symbol: <c>BTC/USD</c> → <c>XBTUSD</c>.</summary>
    public static string ToRestPair(string symbol) => MapAssets(symbol, legacyToV2: false).Replace("/", "", StringComparison.Ordinal);

    private static string MapAssets(string pair, bool legacyToV2)
    {
        var slash = pair.IndexOf('/');
        if (slash < 0) return pair;
        return $"{MapAsset(pair[..slash], legacyToV2)}/{MapAsset(pair[(slash + 1)..], legacyToV2)}";
    }

    private static string MapAsset(string asset, bool legacyToV2)
    {
        foreach (var (v2, legacy) in Renamed)
        {
            if (legacyToV2 && string.Equals(asset, legacy, StringComparison.OrdinalIgnoreCase)) return v2;
            if (!legacyToV2 && string.Equals(asset, v2, StringComparison.OrdinalIgnoreCase)) return legacy;
        }
        return asset;
    }
}
