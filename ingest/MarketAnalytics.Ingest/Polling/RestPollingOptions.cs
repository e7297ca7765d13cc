using System.ComponentModel.DataAnnotations;
using Cronos;
using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Polling;

/// <summary>The scheduled REST source, bound from <c>Ingest:Polling</c>: per venue id the symbols to poll and the schedule.</summary>
public sealed class RestPollingOptions : IValidatableObject
{
    public const string Section = "Ingest:Polling";

    /// <summary>The polled venues by id (<c>okx</c>, <c>bybit</c>, …); empty (the default) polls nothing.</summary>
    public Dictionary<string, RestPollingVenueOptions> Venues { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (venue, options) in Venues)
        {
            var prefix = $"{Section}:{venue}";
            if (!PolledVenues.Histories.ContainsKey(venue))
                yield return new ValidationResult($"{prefix}: '{venue}' cannot be polled; venues with a REST trade history: {string.Join(", ", PolledVenues.Histories.Keys)}", [venue]);
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
            foreach (var result in results) yield return new ValidationResult($"{prefix}:{result.ErrorMessage}", [venue]);
            foreach (var symbol in options.Symbols ?? [])
                if (!InstrumentId.IsToken(symbol)) yield return new ValidationResult($"{prefix}:Symbols contains '{symbol}', which is not a symbol", [venue]);
            if (options.Schedule is not null && !IsCron(options.Schedule))
                yield return new ValidationResult($"{prefix}:Schedule '{options.Schedule}' is not a cron expression", [venue]);
        }
    }

    private static bool IsCron(string text) => CronExpression.TryParse(text, out _) || CronExpression.TryParse(text, CronFormat.IncludeSeconds, out _);
}
