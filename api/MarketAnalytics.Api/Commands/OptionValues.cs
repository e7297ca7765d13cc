using System.CommandLine;
using System.CommandLine.Parsing;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Commands;

/// <summary>Parsers and checks of option values shared by the commands; a bad value is a parse error that names the option and
/// quotes the value, so it is refused before the command opens anything.</summary>
internal static class OptionValues
{
    /// <summary>An ISO-8601 UTC time inside the range the queries accept.</summary>
    public static DateTime Time(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        if (!UtcTime.TryParse(text, out var time))
            return Error<DateTime>(result, $"{Name(result)} '{text}' is not an ISO-8601 UTC time (e.g. 2024-08-08T23:54:00Z)");
        return ValidTimes.IsQueryTime(time)
            ? time
            : Error<DateTime>(result, $"{Name(result)} '{text}' is outside the valid range {ValidTimes.DescribeQueryRange()}");
    }

    /// <summary>Every value of the option as <c>venue:SYMBOL</c>.</summary>
    public static InstrumentId[] Instruments(ArgumentResult result)
    {
        var instruments = new List<InstrumentId>();
        foreach (var token in result.Tokens)
        {
            if (!InstrumentId.TryParse(token.Value, out var instrument))
                return Error<InstrumentId[]>(result, $"{Name(result)} '{token.Value}' is not of the form venue:SYMBOL");
            instruments.Add(instrument);
        }
        return [.. instruments];
    }

    public static CandleInterval Interval(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        return CandleInterval.TryParse(text, out var interval)
            ? interval
            : Error<CandleInterval>(result, $"{Name(result)} '{text}' is not one of {string.Join(", ", CandleInterval.All.Select(i => i.Name))}");
    }

    /// <summary>A parser accepting only <paramref name="choices"/>.</summary>
    public static Func<ArgumentResult, string?> OneOf(params string[] choices) => result =>
    {
        var text = result.Tokens[0].Value;
        return choices.Contains(text, StringComparer.Ordinal)
            ? text
            : Error<string>(result, $"{Name(result)} '{text}' is not one of {string.Join(", ", choices)}");
    };

    /// <summary>Makes <paramref name="option"/> required with the message <c>COMMAND needs --NAME</c>.</summary>
    public static void Require(Command command, Option option) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(option) is null) result.AddError($"{command.Name} needs {option.Name}");
        });

    /// <summary>Records <paramref name="message"/> as the option's parse error; the value returned is never used.</summary>
    public static T Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    private static string Name(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
