using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MarketAnalytics.Aggregate.Benchmarks;

/// <summary>Throughput of a benchmark whose operation is one trade (<c>OperationsPerInvoke</c> = trades per invocation).</summary>
/// <remarks>Also compiled into the Kafka benchmarks (a linked file), which pass their own <paramref name="legend"/>.</remarks>
public sealed class TradesPerSecondColumn(string legend = "Trades aggregated per second on one core (1 / mean time per trade)") : IColumn
{
    public string Id => nameof(TradesPerSecondColumn);
    public string ColumnName => "Trades/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { Mean: > 0 } statistics
            ? (1e9 / statistics.Mean).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            : "NA";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
