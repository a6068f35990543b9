using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// SQLite stores an instant as UTC text in the layout EF Core and Microsoft.Data.Sqlite write for a DateTime
/// (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), so the stored text, its ordering and every comparison in SQL are exactly what
/// they were with <see cref="UtcInstantConverter"/>. What changes is reading: the driver parses that text with the
/// general <see cref="DateTime.Parse(string, IFormatProvider)"/>, about 5% of a session-status read's CPU (28 readings,
/// several instants each); this reads the fixed layout directly and falls back to the general parser for anything else.
/// </summary>
public static class SqliteInstantText
{
    /// <summary>The stored layout: UTC, trailing zeros of the fraction dropped (and the dot with them).</summary>
    public const string Layout = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    /// <summary>The stored text of an instant.</summary>
    public static string Write(DateTimeOffset instant) => instant.UtcDateTime.ToString(Layout, CultureInfo.InvariantCulture);

    /// <summary>The instant a stored text names, with offset zero.</summary>
    public static DateTimeOffset Read(string text) => new(
        TryReadLayout(text, out var utc)
            ? utc
            : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        TimeSpan.Zero);

    private static bool TryReadLayout(ReadOnlySpan<char> text, out DateTime utc)
    {
        utc = default;
        if (text.Length < 19 || text.Length == 20 || text.Length > 27
            || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':'
            || (text.Length > 19 && text[19] != '.'))
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var ticks = 0;
        if (text.Length > 19)
        {
            var fraction = text[20..];
            if (!TryDigits(fraction, out ticks))
            {
                return false;
            }

            for (var missing = 7 - fraction.Length; missing > 0; missing--)
            {
                ticks *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}

/// <summary>SQLite's conversion of an instant: <see cref="SqliteInstantText"/>.</summary>
public sealed class SqliteUtcInstantConverter() : ValueConverter<DateTimeOffset, string>(
    value => SqliteInstantText.Write(value),
    stored => SqliteInstantText.Read(stored));
