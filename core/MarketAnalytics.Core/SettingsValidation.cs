using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Core;

/// <summary>Validates a settings object by its data annotations and its own cross-setting checks, all at once.</summary>
public static class SettingsValidation
{
    /// <summary>Throws <see cref="ValidationException"/> listing every wrong setting of <paramref name="settings"/>.</summary>
    public static void ThrowIfInvalid(IValidatableObject settings)
    {
        var context = new ValidationContext(settings);
        var results = new List<ValidationResult>();
        // The validator runs the cross-setting checks only when every attribute passed; run them anyway to list everything.
        if (!Validator.TryValidateObject(settings, context, results, validateAllProperties: true) && results.Count > 0)
            results.AddRange(settings.Validate(context));
        if (results.Count > 0) throw new ValidationException(string.Join(" ", results.Select(r => r.ErrorMessage).Distinct()));
    }
}
