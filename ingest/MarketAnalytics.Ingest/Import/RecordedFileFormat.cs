namespace MarketAnalytics.Ingest.Import;

/// <summary>The kinds of recorded file the importer reads; <see cref="RecordedFileFormats"/> has their command-line names.</summary>
// New formats go at the end so the existing ones keep their numbers; RecordedFileFormats lists them in help order.
public enum RecordedFileFormat : byte
{
    /// <summary><c>binance-ws</c>: lines of <c>&lt;receive timestamp&gt; &lt;combined-stream frame&gt;</c>.</summary>
    BinanceWs,

    /// <summary><c>bitmex-ws</c>: lines of BitMEX realtime frames, optionally prefixed by <c>&lt;receive time&gt;: </c>.</summary>
    BitmexWs,

    /// <summary><c>coinbase-ws</c>: lines of Coinbase Exchange feed messages, optionally prefixed by <c>&lt;receive time&gt;: </c>.</summary>
    CoinbaseWs,

    /// <summary><c>kraken-ws</c>: lines of Kraken WebSocket v2 or v1 messages, optionally prefixed by <c>&lt;receive time&gt;: </c>.</summary>
    KrakenWs,

    /// <summary><c>trades-csv</c>: <c>trade_id,timestamp,price,size,side</c> for one instrument.</summary>
    TradesCsv,

    /// <summary><c>binance-trades-csv</c>: Binance public-archive trades (spot or USD-M) for one instrument, plain or as downloaded (.zip).</summary>
    BinanceTradesCsv,

    /// <summary><c>binance-aggtrades-csv</c>: Binance public-archive aggTrades for one instrument, plain or as downloaded (.zip).</summary>
    BinanceAggTradesCsv,

    /// <summary><c>bitmex-trades-csv</c>: BitMEX public-archive trades, every symbol in one file.</summary>
    BitmexTradesCsv,

    /// <summary><c>okx-ws</c>: lines of OKX v5 public frames, optionally prefixed by <c>&lt;receive time&gt;: </c>.</summary>
    OkxWs,

    /// <summary><c>bybit-ws</c>: lines of Bybit v5 public frames, optionally prefixed by <c>&lt;receive time&gt;: </c>.</summary>
    BybitWs,
}
