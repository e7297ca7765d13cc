namespace MarketAnalytics.Core;

/// <summary>Venue ids, spelled as ccxt spells them.</summary>
public static class Venues
{
    public const string Bitmex = "bitmex";
    /// <summary>Binance spot.</summary>
    public const string Binance = "binance";
    /// <summary>Binance USD-M futures.</summary>
    public const string BinanceUsdm = "binanceusdm";
    /// <summary>Coinbase Exchange (the former Coinbase Pro), symbols like <c>BTC-USD</c>.</summary>
    public const string Coinbase = "coinbase";
    /// <summary>Kraken spot, symbols spelled as its WebSocket v2 spells them (<c>BTC/USD</c>).</summary>
    public const string Kraken = "kraken";
    /// <summary>OKX (spot and contracts, instrument ids as OKX spells them: <c>okx:BTC-USDT</c>, <c>okx:BTC-USDT-SWAP</c>).</summary>
    public const string Okx = "okx";
    /// <summary>Bybit (v5 public streams, <c>bybit:BTCUSDT</c>).</summary>
    public const string Bybit = "bybit";
    /// <summary>This system's own exchange.</summary>
    public const string Internal = "internal";
}
