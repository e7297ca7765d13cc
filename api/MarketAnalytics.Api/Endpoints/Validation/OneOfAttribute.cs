using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Api.Endpoints.Validation;

/// <summary>The value, when given, is one of <see cref="Values"/>, compared exactly or, with <see cref="IgnoreCase"/>, ignoring
/// case.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OneOfAttribute(params string[] values) : ValidationAttribute
{
    public IReadOnlyList<string> Values { get; } = values;
    public bool IgnoreCase { get; init; }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text || text.Length == 0
            || Values.Contains(text, IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)) return ValidationResult.Success;
        return new ValidationResult($"'{text}' is not one of {string.Join(", ", Values)}", [RequestValidation.WireName(validationContext)]);
    }
}
