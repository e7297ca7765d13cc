using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using StackExchange.Redis;

namespace MarketAnalytics.Storage.Redis;

/// <summary>Where the Redis price cache lives; bound from <c>Prices:Redis</c>.</summary>
/// <remarks>Validated with data annotations (<c>ValidateDataAnnotations().ValidateOnStart()</c> in a host, or
/// <see cref="Validate"/>); every message names its setting.</remarks>
public sealed class RedisPriceOptions : IValidatableObject
{
    public const string Section = "Prices:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>redis:6379,password=…</c>.</summary>
    [Required(ErrorMessage = "Prices:Redis:Configuration is required (e.g. localhost:6379).")]
    public string Configuration { get; set; } = "";

    /// <summary>How long one Redis operation may take before the cache answers from its last known values, in milliseconds.</summary>
    [Range(100, 30_000, ErrorMessage = "Prices:Redis:OperationTimeoutMs must be between 100 and 30000.")]
    public int OperationTimeoutMs { get; set; } = 1500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Configuration)) yield break;
        string? error = null;
        try
        {
            if (ConfigurationOptions.Parse(Configuration).EndPoints.Count == 0)
                error = "Prices:Redis:Configuration names no endpoint (host:port).";
        }
        catch (ArgumentException e)
        {
            error = $"Prices:Redis:Configuration is not a StackExchange.Redis configuration string: {e.Message}";
        }
        if (error is not null) yield return new ValidationResult(error, [nameof(Configuration)]);
    }

    /// <summary>Throws <see cref="ValidationException"/> listing every wrong setting.</summary>
    public void Validate() => SettingsValidation.ThrowIfInvalid(this);
}
