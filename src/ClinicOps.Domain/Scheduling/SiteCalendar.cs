namespace ClinicOps.Domain.Scheduling;

/// <summary>One window of opening hours on a weekday, in the site's local time. A day may have several.</summary>
/// <param name="Day">Weekday.</param>
/// <param name="Opens">Local opening time.</param>
/// <param name="Closes">Local closing time, after <paramref name="Opens"/>.</param>
public sealed record OpeningHours(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

/// <summary>Days the site is closed (a holiday, or a one-off closure), inclusive, in the site's local dates.</summary>
/// <param name="From">First closed date.</param>
/// <param name="To">Last closed date (the same as <paramref name="From"/> for one day).</param>
/// <param name="Reason">Why, e.g. "Thanksgiving"; shown to staff when a session cannot be placed.</param>
public sealed record Closure(DateOnly From, DateOnly To, string Reason)
{
    /// <summary>True when <paramref name="date"/> falls in the closure.</summary>
    public bool Covers(DateOnly date) => date >= From && date <= To;
}

/// <summary>A stretch of time something is taken, as UTC instants, end exclusive.</summary>
/// <param name="Start">Start.</param>
/// <param name="End">End (exclusive).</param>
public readonly record struct BusyInterval(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>True when the two stretches share any moment.</summary>
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && start < End;
}

/// <summary>
/// A site's week as the scheduler sees it: its time zone, opening hours and closures. Sessions are planned in local
/// wall-clock time and converted to instants per date, so a daylight-saving change never moves a session's local
/// time.
/// </summary>
public sealed class SiteCalendar
{
    /// <summary>Creates the calendar.</summary>
    /// <param name="timeZone">The site's time zone.</param>
    /// <param name="hours">Opening hours; a weekday without any is closed.</param>
    /// <param name="closures">Closures.</param>
    public SiteCalendar(TimeZoneInfo timeZone, IEnumerable<OpeningHours> hours, IEnumerable<Closure> closures)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        TimeZone = timeZone;
        Hours = [.. hours];
        Closures = [.. closures];
    }

    /// <summary>The site's time zone.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Opening hours.</summary>
    public IReadOnlyList<OpeningHours> Hours { get; }

    /// <summary>Closures.</summary>
    public IReadOnlyList<Closure> Closures { get; }

    /// <summary>The closure covering <paramref name="date"/>, if any.</summary>
    public Closure? ClosureOn(DateOnly date) => Closures.FirstOrDefault(c => c.Covers(date));

    /// <summary>True when the site is open on <paramref name="date"/> from <paramref name="start"/> for <paramref name="length"/>.</summary>
    public bool IsOpen(DateOnly date, TimeOnly start, TimeSpan length)
    {
        var endTicks = start.ToTimeSpan() + length;
        return ClosureOn(date) is null
            && endTicks <= TimeSpan.FromDays(1)
            && Hours.Any(h => h.Day == date.DayOfWeek && h.Opens <= start && endTicks <= h.Closes.ToTimeSpan());
    }

    /// <summary>
    /// The instant of a local wall-clock time on a date, or null when that time does not exist there (skipped by a
    /// spring-forward change). An ambiguous time (fall-back) is taken at its first occurrence.
    /// </summary>
    public DateTimeOffset? ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (TimeZone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max() : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The local date and time of an instant at the site.</summary>
    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;
}
