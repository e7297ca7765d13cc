namespace MarketAnalytics.Ingest.Parsing;

/// <summary>Parses exchange timestamps written as UTF-8 text into UTC <see cref="DateTime"/>s.</summary>
/// <remarks>Two shapes are understood. ISO-8601 <c>yyyy-MM-ddTHH:mm:ss[.f…][Z|±hh:mm]</c>, where the date-time separator may
/// also be a space or BitMEX's <c>D</c> and a missing offset means UTC. Unix epoch numbers, whose unit is told by magnitude:
/// below 10¹¹ seconds, below 10¹⁴ milliseconds, below 10¹⁷ microseconds, else nanoseconds; a fraction is allowed in any unit.
/// Digits finer than 100 ns are truncated.</remarks>
internal static class ExchangeTime
{
    private const long SecondsBelow = 100_000_000_000L;
    private const long MillisecondsBelow = 100_000_000_000_000L;
    private const long MicrosecondsBelow = 100_000_000_000_000_000L;

    public static bool TryParse(ReadOnlySpan<byte> text, out DateTime time) =>
        text.Length > 4 && text[4] == '-' ? TryParseIso(text, out time) : TryParseEpoch(text, out time);

    public static bool TryParseIso(ReadOnlySpan<byte> text, out DateTime time)
    {
        time = default;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] is not ((byte)'T' or (byte)' ' or (byte)'D')
            || text[13] != ':' || text[16] != ':')
            return false;
        if (!TryInt(text[..4], out var year) || !TryInt(text.Slice(5, 2), out var month) || !TryInt(text.Slice(8, 2), out var day)
            || !TryInt(text.Slice(11, 2), out var hour) || !TryInt(text.Slice(14, 2), out var minute)
            || !TryInt(text.Slice(17, 2), out var second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;

        var rest = text[19..];
        long fractionTicks = 0;
        if (!rest.IsEmpty && rest[0] is (byte)'.' or (byte)',')
        {
            var digits = 1;
            while (digits < rest.Length && IsDigit(rest[digits])) digits++;
            if (digits == 1) return false;
            fractionTicks = FractionToTicks(rest[1..digits], 7);
            rest = rest[digits..];
        }

        long offsetTicks = 0;
        if (!rest.IsEmpty)
        {
            if (rest.Length == 1 && rest[0] is (byte)'Z' or (byte)'z') rest = default;
            else if (!TryParseOffset(rest, out offsetTicks)) return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - offsetTicks;
        if (ticks < 0 || ticks > DateTime.MaxValue.Ticks) return false;
        time = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    public static bool TryParseEpoch(ReadOnlySpan<byte> text, out DateTime time)
    {
        time = default;
        // One pass over the whole number's digits, then the fraction if a dot follows them.
        long number = 0;
        var digits = 0;
        while (digits < text.Length && IsDigit(text[digits]))
        {
            number = number * 10 + (text[digits] - '0');
            digits++;
        }
        ReadOnlySpan<byte> fraction = default;
        if (digits < text.Length)
        {
            fraction = text[(digits + 1)..];
            if (text[digits] != '.' || fraction.IsEmpty || !AllDigits(fraction)) return false;
        }
        if (digits is 0 or > 19 || number < 0) return false;

        long ticks;
        if (number < SecondsBelow) ticks = number * TimeSpan.TicksPerSecond + FractionToTicks(fraction, 7);
        else if (number < MillisecondsBelow) ticks = number * TimeSpan.TicksPerMillisecond + FractionToTicks(fraction, 4);
        else if (number < MicrosecondsBelow) ticks = number * 10 + FractionToTicks(fraction, 1);
        else ticks = number / 100;

        ticks += DateTime.UnixEpoch.Ticks;
        if (ticks > DateTime.MaxValue.Ticks) return false;
        time = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>The time <paramref name="milliseconds"/> after the Unix epoch; false when outside <see cref="DateTime"/>'s range.</summary>
    public static bool TryFromUnixMilliseconds(long milliseconds, out DateTime time)
    {
        time = default;
        if (milliseconds < 0 || milliseconds > (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond) return false;
        time = new DateTime(DateTime.UnixEpoch.Ticks + milliseconds * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        return true;
    }

    private static bool TryParseOffset(ReadOnlySpan<byte> text, out long ticks)
    {
        ticks = 0;
        if (text[0] is not ((byte)'+' or (byte)'-')) return false;
        var sign = text[0] == '+' ? 1 : -1;
        var body = text[1..];
        int hours, minutes = 0;
        switch (body.Length)
        {
            case 2 when TryInt(body, out hours):
                break;
            case 4 when TryInt(body[..2], out hours) && TryInt(body[2..], out minutes):
                break;
            case 5 when body[2] == ':' && TryInt(body[..2], out hours) && TryInt(body[3..], out minutes):
                break;
            default:
                return false;
        }
        if (hours > 14 || minutes > 59) return false;
        ticks = sign * (hours * TimeSpan.TicksPerHour + minutes * TimeSpan.TicksPerMinute);
        return true;
    }

    // The first `places` fraction digits, as that many decimal places of the unit; the rest are truncated.
    private static long FractionToTicks(ReadOnlySpan<byte> fraction, int places)
    {
        if (fraction.IsEmpty) return 0;
        long value = 0;
        for (var i = 0; i < places; i++)
            value = value * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
        return value;
    }

    private static bool TryInt(ReadOnlySpan<byte> text, out int value)
    {
        var ok = TryDigits(text, out var wide);
        value = (int)wide;
        return ok && text.Length <= 9;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        foreach (var b in text)
        {
            if (!IsDigit(b)) return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
            if (!IsDigit(b)) return false;
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
