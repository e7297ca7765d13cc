using System.Globalization;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>A five-field cron schedule (minute, hour, day of month, month, day of week) evaluated in UTC.</summary>
/// <remarks>Each field is <c>*</c>, a number, a range <c>a-b</c>, a step <c>*/n</c> or <c>a-b/n</c>, or a comma-separated list of
/// those. Day of week runs 0–6 from Sunday (7 is Sunday too). As in classic cron, when both day of month and day of week are
/// restricted a day matches if either does. Occurrences are whole minutes.</remarks>
public sealed class CronSchedule
{
    private static readonly (string Name, int Min, int Max)[] Fields =
    [
        ("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7),
    ];

    private readonly bool[] _minutes, _hours, _days, _months, _weekdays;
    private readonly bool _anyDay, _anyWeekday;

    private CronSchedule(string expression, bool[][] sets, bool anyDay, bool anyWeekday)
    {
        Expression = expression;
        (_minutes, _hours, _days, _months, _weekdays) = (sets[0], sets[1], sets[2], sets[3], sets[4]);
        if (_weekdays[7]) _weekdays[0] = true;
        (_anyDay, _anyWeekday) = (anyDay, anyWeekday);
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    public override string ToString() => Expression;

    /// <summary>Parses <paramref name="expression"/>; a <see cref="FormatException"/> names the field that is wrong and why.</summary>
    public static CronSchedule Parse(string expression)
    {
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 5)
            throw new FormatException($"'{expression}' has {parts.Length} fields; a cron schedule has 5: minute hour day-of-month month day-of-week");
        var sets = new bool[5][];
        for (var i = 0; i < 5; i++) sets[i] = ParseField(parts[i], Fields[i]);
        return new CronSchedule(expression, sets, parts[2] == "*", parts[4] == "*");
    }

    public static bool TryParse(string expression, out CronSchedule? schedule, out string? error)
    {
        try
        {
            schedule = Parse(expression);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            schedule = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC).</summary>
    /// <exception cref="InvalidOperationException">The schedule never occurs (e.g. <c>0 0 31 2 *</c>).</exception>
    public DateTime Next(DateTime after)
    {
        var time = new DateTime(after.Ticks - after.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddMinutes(1);
        // Skip whole months, days and hours that cannot match, so a search spans at most a few thousand steps; every real
        // schedule recurs within 4 years (leap days), so a search beyond that has no answer.
        var limit = time.AddYears(5);
        while (time < limit)
        {
            if (!_months[time.Month])
            {
                time = new DateTime(time.Year, time.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
                continue;
            }
            if (!DayMatches(time))
            {
                time = time.Date.AddDays(1);
                continue;
            }
            if (!_hours[time.Hour])
            {
                time = time.Date.AddHours(time.Hour + 1);
                continue;
            }
            if (!_minutes[time.Minute])
            {
                time = time.AddMinutes(1);
                continue;
            }
            return time;
        }
        throw new InvalidOperationException($"the cron schedule '{Expression}' never occurs");
    }

    private bool DayMatches(DateTime time)
    {
        var day = _days[time.Day];
        var weekday = _weekdays[(int)time.DayOfWeek];
        if (_anyDay) return weekday;
        if (_anyWeekday) return day;
        return day || weekday;
    }

    private static bool[] ParseField(string text, (string Name, int Min, int Max) field)
    {
        var set = new bool[field.Max + 1];
        foreach (var item in text.Split(','))
        {
            var step = 1;
            var range = item;
            var slash = item.IndexOf('/');
            if (slash >= 0)
            {
                step = Number(item[(slash + 1)..], field, "step");
                if (step == 0) throw Error(field, text, "a step must be at least 1");
                range = item[..slash];
            }
            int from, to;
            if (range == "*") (from, to) = (field.Min, field.Max);
            else if (range.IndexOf('-') is var dash and > 0)
            {
                (from, to) = (Number(range[..dash], field, "value"), Number(range[(dash + 1)..], field, "value"));
                if (from > to) throw Error(field, text, $"the range {from}-{to} is inverted");
            }
            else
            {
                from = Number(range, field, "value");
                // "5/15" means from 5 to the end in steps of 15, as in Vixie cron.
                to = slash >= 0 ? field.Max : from;
            }
            if (from < field.Min || to > field.Max)
                throw Error(field, text, $"values must be between {field.Min} and {field.Max}");
            for (var v = from; v <= to; v += step) set[v] = true;
        }
        return set;

        static int Number(string part, (string Name, int Min, int Max) field, string what) =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new FormatException($"the {field.Name} field: '{part}' is not a {what} (expected a number, '*', 'a-b', '*/n' or a list)");
    }

    private static FormatException Error((string Name, int Min, int Max) field, string text, string why) =>
        new($"the {field.Name} field '{text}': {why}");
}
