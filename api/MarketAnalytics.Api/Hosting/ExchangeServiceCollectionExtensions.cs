using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest;
using MarketAnalytics.OrderBook;
using MarketAnalytics.OrderBook.Service;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Registers the internal exchange (<see cref="ExchangeService"/>) for the api role.</summary>
/// <remarks>Settings come from the section <c>Exchange</c> (<see cref="ExchangeOptions"/>); the journal and snapshots live in
/// <c>&lt;DataDirectory&gt;/exchange</c> unless <c>Exchange:DataDirectory</c> is set. The exchange's trades go through the same
/// <see cref="MarketRecorder"/> as the ingest readers: into the market log as venue <c>internal</c>, then into the current-price
/// cache, so candles, analytics and prices cover internal trading with no path of their own. Its order and wallet events go to
/// the same log's event topics (<see cref="IEventLog"/>).</remarks>
public static class ExchangeServiceCollectionExtensions
{
    public static IServiceCollection AddExchange(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ExchangeOptions.Section);
        services.AddOptions<ExchangeOptions>()
            .Bind(section)
            .PostConfigure<IOptions<DataOptions>>((options, data) =>
            {
                if (string.IsNullOrEmpty(section[nameof(ExchangeOptions.DataDirectory)]))
                    options.DataDirectory = Path.Combine(data.Value.DataDirectory, "exchange");
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExchangeOptions>, ExchangeOptionsValidation>();
        services.AddSingleton(sp => new ExchangeService(
            sp.GetRequiredService<IOptions<ExchangeOptions>>().Value,
            new RecordedMarketLog(sp.GetRequiredService<IMarketLog>(), sp.GetRequiredService<MarketRecorder>()),
            sp.GetRequiredService<IEventLog>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<ExchangeRecovery>();
        return services;
    }

    /// <summary>Reports every invalid exchange setting by name at start.</summary>
    private sealed class ExchangeOptionsValidation : IValidateOptions<ExchangeOptions>
    {
        public ValidateOptionsResult Validate(string? name, ExchangeOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }

    /// <summary>Recovers the exchange (snapshot + journal replay) while the host starts, before it serves a request.</summary>
    /// <remarks>This opens the market log too, on purpose: a process whose trades could not reach the log (an embedded log held by
    /// another process) fails at start rather than journaling trades the analytics never see.</remarks>
    private sealed class ExchangeRecovery(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<ExchangeService>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The market log as the exchange sees it: trade appends go through <see cref="MarketRecorder"/> (log, then prices).</summary>
    private sealed class RecordedMarketLog(IMarketLog log, MarketRecorder recorder) : IMarketLog
    {
        public ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct) => recorder.RecordAsync(trades, [], ct);

        public ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => log.AppendQuotesAsync(quotes, ct);

        public ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct) => log.FindLastTradeAsync(instrument, ct);

        public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) => log.OpenTradeConsumer(group, resume);

        // The log belongs to the container, which disposes it; the exchange only borrows it.
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
