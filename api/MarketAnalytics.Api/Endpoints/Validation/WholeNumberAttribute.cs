using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Api.Endpoints.Validation;

/// <summary>The value, when given, is a whole number from <see cref="Min"/> to <see cref="Max"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class WholeNumberAttribute(int min, int max) : ValidationAttribute
{
    public int Min { get; } = min;
    public int Max { get; } = max;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        QueryParameters.TryInt(value as string, Min, Max, out _, out var error)
            ? ValidationResult.Success
            : new ValidationResult(error, [RequestValidation.WireName(validationContext)]);
}
