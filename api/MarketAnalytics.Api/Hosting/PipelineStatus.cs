using System.Text.Json.Serialization;
using MarketAnalytics.Api.Endpoints;

namespace MarketAnalytics.Api.Hosting;

/// <summary>What each part of this process last reported, for <c>/health</c>.</summary>
public sealed class PipelineStatus
{
    private long _aggregatedTrades;
    private long _lastCommitTicks;

    /// <summary>The role this process plays: run, api, ingest or aggregate.</summary>
    public string Role { get; set; } = "api";

    /// <summary>The ingest source (bitmex, replay:FILE, none) when this process ingests.</summary>
    public string? Source { get; set; }

    /// <summary>Reads the ingest source's live state (connection, last message, reconnects) when this process ingests.</summary>
    public Func<object?>? SourceState { get; set; }

    public void RecordCommit(long trades, DateTime at)
    {
        Interlocked.Add(ref _aggregatedTrades, trades);
        Interlocked.Exchange(ref _lastCommitTicks, at.Ticks);
    }

    /// <summary>The report; <c>status</c> is <c>ok</c>, or <c>exchange_stopped</c> when this process's exchange has stopped
    /// (<paramref name="exchange"/> is null in processes without one).</summary>
    public HealthReport Snapshot(DateTime now, ExchangeStatusResponse? exchange = null)
    {
        var lastCommit = Interlocked.Read(ref _lastCommitTicks);
        return new HealthReport(exchange is null or { State: "running" } ? "ok" : "exchange_stopped", Role, Source, SourceState?.Invoke(),
            Interlocked.Read(ref _aggregatedTrades), lastCommit == 0 ? null : new DateTime(lastCommit, DateTimeKind.Utc), now, exchange);
    }

    public sealed record HealthReport(
        string Status, string Role, string? Source, object? SourceState, long AggregatedTrades, DateTime? LastCommitAt, DateTime Now,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ExchangeStatusResponse? Exchange)
    {
        public bool IsOk => Status == "ok";
    }
}
