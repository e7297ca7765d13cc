using System.Text.Json;

namespace MarketAnalytics.Core;

/// <summary>The snake_case spellings of enum values (<c>PartiallyFilled</c> → <c>partially_filled</c>), as the API and the log's
/// JSON write them, computed once per enum type.</summary>
public static class SnakeCaseNames
{
    public static string SnakeCaseName<T>(this T value) where T : struct, Enum => Names<T>.ByValue[value];

    /// <summary>The value of <typeparamref name="T"/> spelled <paramref name="name"/> (case-insensitive).</summary>
    public static bool TryParse<T>(string name, out T value) where T : struct, Enum => Names<T>.ByName.TryGetValue(name, out value);

    /// <summary>Every spelling of <typeparamref name="T"/>'s values, in the enum's order.</summary>
    public static IEnumerable<string> All<T>() where T : struct, Enum => Names<T>.ByValue.Values;

    private static class Names<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ByValue =
            Enum.GetValues<T>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly Dictionary<string, T> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }
}
