using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Api.Endpoints.Validation;

/// <summary>The value, when given, is a query time: ISO-8601 UTC or epoch milliseconds within the valid range
/// (<see cref="QueryParameters.TryTime"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class QueryTimeAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        QueryParameters.TryTime(value as string, out _, out var error)
            ? ValidationResult.Success
            : new ValidationResult(error, [RequestValidation.WireName(validationContext)]);
}
