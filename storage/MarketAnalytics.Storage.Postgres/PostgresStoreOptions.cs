using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using Npgsql;

namespace MarketAnalytics.Storage.Postgres;

/// <summary>Where the PostgreSQL aggregate and job stores live (one schema for both); bound from <c>Store:Postgres</c>.</summary>
/// <remarks>Validated with data annotations (<c>ValidateDataAnnotations().ValidateOnStart()</c> in a host, or
/// <see cref="Validate"/>); every message names its setting.</remarks>
public sealed class PostgresStoreOptions : IValidatableObject
{
    public const string Section = "Store:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=localhost;Port=5432;Username=postgres;Password=…;Database=marketanalytics</c>.</summary>
    [Required(ErrorMessage = "Store:Postgres:ConnectionString is required (e.g. Host=localhost;Username=postgres;Database=marketanalytics).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>The schema holding the tables, created when missing.</summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$",
        ErrorMessage = "Store:Postgres:Schema must be a lower-case identifier (letters, digits, '_', at most 63).")]
    public string Schema { get; set; } = "public";

    /// <summary>How often a failed operation is retried (with exponential backoff from 200 ms) while the service runs.</summary>
    [Range(0, 20, ErrorMessage = "Store:Postgres:MaxRetries must be between 0 and 20.")]
    public int MaxRetries { get; set; } = 6;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) yield break;
        string? error = null;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            if (string.IsNullOrEmpty(builder.Host)) error = "Store:Postgres:ConnectionString names no Host.";
        }
        catch (ArgumentException e)
        {
            error = $"Store:Postgres:ConnectionString is not a valid Npgsql connection string: {e.Message}";
        }
        if (error is not null) yield return new ValidationResult(error, [nameof(ConnectionString)]);
    }

    /// <summary>Throws <see cref="ValidationException"/> listing every wrong setting.</summary>
    public void Validate() => SettingsValidation.ThrowIfInvalid(this);
}
