namespace MarketAnalytics.OrderBook;

/// <summary>Settings of the internal exchange, bound from the configuration section <c>Exchange</c>.</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Exchange";

    /// <summary>The smallest tick size accepted: with amounts bounded by <see cref="Engine.Amounts.MaxAmount"/>, a price divided
    /// by a tick always fits a decimal, so the grid check cannot overflow.</summary>
    public const decimal MinStep = 0.000000000001m;

    /// <summary>The markets; when none are configured the defaults BTC-USDT and ETH-USDT apply.</summary>
    public List<MarketOptions> Markets { get; set; } = [];

    /// <summary>Directory of the journal segments and snapshots; created when missing.</summary>
    public string DataDirectory { get; set; } = "data/exchange";

    /// <summary>A snapshot is taken after this many journaled commands.</summary>
    public int SnapshotEveryCommands { get; set; } = 200_000;

    /// <summary>How many final (filled, canceled, rejected) orders are kept per user for lookups and client order id checks.</summary>
    public int ClosedOrdersPerUser { get; set; } = 1_000;

    /// <summary>How many recent trades are kept per market for <c>GET /api/v1/trades/{symbol}</c>.</summary>
    public int RecentTradesPerMarket { get; set; } = 1_000;

    /// <summary>How many recent events are kept in memory for subscribers resuming from a sequence number.</summary>
    public int EventBufferCapacity { get; set; } = 100_000;

    /// <summary>The most commands journaled with one fsync (group commit).</summary>
    public int MaxBatch { get; set; } = 16_384;

    /// <summary>The configured markets, or the defaults when none are configured.</summary>
    public IReadOnlyList<MarketOptions> ResolveMarkets() =>
        Markets.Count > 0 ? Markets : [MarketOptions.BtcUsdt(), MarketOptions.EthUsdt()];

    /// <summary>Every problem with these settings, each naming the setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var markets = ResolveMarkets();
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < markets.Count; i++)
        {
            var m = markets[i];
            var at = $"{Section}:Markets:{i}";
            if (!Core.InstrumentId.IsToken(m.Symbol)) errors.Add($"{at}:Symbol '{m.Symbol}' must be letters, digits, '-', '_' or '.'");
            else if (!symbols.Add(m.Symbol)) errors.Add($"{at}:Symbol '{m.Symbol}' is configured twice");
            if (!Core.InstrumentId.IsToken(m.BaseAsset)) errors.Add($"{at}:BaseAsset must be set");
            if (!Core.InstrumentId.IsToken(m.QuoteAsset)) errors.Add($"{at}:QuoteAsset must be set");
            if (m.BaseAsset == m.QuoteAsset) errors.Add($"{at}:BaseAsset and QuoteAsset must differ");
            if (!IsOnUnitGrid(m.LotSize) || m.LotSize <= 0) errors.Add($"{at}:LotSize must be positive with at most 8 decimals");
            if (m.TickSize < MinStep || m.TickSize > Engine.Amounts.MaxAmount || !IsOnUnitGrid(m.TickSize * m.LotSize))
                errors.Add($"{at}:TickSize must be in [{MinStep}, {Engine.Amounts.MaxAmount}] and TickSize x LotSize must have at most 8 decimals");
            if (m.LotSize > Engine.Amounts.MaxAmount) errors.Add($"{at}:LotSize must be at most {Engine.Amounts.MaxAmount}");
            if (m.MinNotional < 0 || !IsOnUnitGrid(m.MinNotional)) errors.Add($"{at}:MinNotional must be >= 0 with at most 8 decimals");
            if (!IsRate(m.MakerFeeRate)) errors.Add($"{at}:MakerFeeRate must be in [0, 1) with at most 10 decimals");
            if (!IsRate(m.TakerFeeRate)) errors.Add($"{at}:TakerFeeRate must be in [0, 1) with at most 10 decimals");
            if (m.MakerFeeRate > m.TakerFeeRate) errors.Add($"{at}:MakerFeeRate must not exceed TakerFeeRate (buy holds cover the taker fee)");
        }
        if (string.IsNullOrWhiteSpace(DataDirectory)) errors.Add($"{Section}:DataDirectory must be set");
        if (SnapshotEveryCommands < 1) errors.Add($"{Section}:SnapshotEveryCommands must be at least 1");
        if (ClosedOrdersPerUser < 0) errors.Add($"{Section}:ClosedOrdersPerUser must be >= 0");
        if (RecentTradesPerMarket < 1) errors.Add($"{Section}:RecentTradesPerMarket must be at least 1");
        if (EventBufferCapacity < 1) errors.Add($"{Section}:EventBufferCapacity must be at least 1");
        if (MaxBatch < 1) errors.Add($"{Section}:MaxBatch must be at least 1");
        return errors;
    }

    private static bool IsOnUnitGrid(decimal value) => decimal.Truncate(value * 100_000_000m) == value * 100_000_000m;

    private static bool IsRate(decimal rate) =>
        rate >= 0 && rate < 1 && decimal.Truncate(rate * 10_000_000_000m) == rate * 10_000_000_000m;
}
