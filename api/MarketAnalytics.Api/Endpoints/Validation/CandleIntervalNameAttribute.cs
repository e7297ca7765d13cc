using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Api.Endpoints.Validation;

/// <summary>The value, when given, names a served candle interval (<see cref="QueryParameters.TryInterval"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CandleIntervalNameAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        QueryParameters.TryInterval(value as string, out _, out var error)
            ? ValidationResult.Success
            : new ValidationResult(error, [RequestValidation.WireName(validationContext)]);
}
