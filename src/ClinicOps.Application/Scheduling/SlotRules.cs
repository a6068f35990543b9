using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>
/// The time checks every booking path shares (dosing sessions and chairless appointments alike): closures, opening
/// hours, a local time that exists, and not in the past. Each failure is a reason for one 422.
/// </summary>
internal static class SlotRules
{
    /// <summary>Checks a local date and time for an appointment of <paramref name="length"/>, and returns its instants.</summary>
    /// <param name="calendar">The site's calendar.</param>
    /// <param name="date">Local date.</param>
    /// <param name="time">Local start time.</param>
    /// <param name="length">How long it lasts.</param>
    /// <param name="now">The server's clock.</param>
    /// <param name="reasons">Where failures are added.</param>
    /// <param name="prefix">Put before each reason (the request field, e.g. "sessions[1]: "), or empty.</param>
    /// <param name="noun">What is booked, for the reasons ("session" or "appointment").</param>
    public static (DateTimeOffset Start, DateTimeOffset End, DateTime LocalStart) Check(
        SiteCalendar calendar, DateOnly date, TimeOnly time, TimeSpan length, DateTimeOffset now, List<string> reasons, string prefix = "", string noun = "appointment")
    {
        void Add(string text) => reasons.Add(prefix.Length == 0 ? char.ToUpperInvariant(text[0]) + text[1..] : prefix + text);

        if (calendar.ClosureOn(date) is { } closure)
        {
            Add($"the site is closed on {date:yyyy-MM-dd} ({closure.Reason}).");
        }
        else if (!calendar.IsOpen(date, time, length))
        {
            Add($"a {length.TotalMinutes:0}-minute {noun} at {time:HH\\:mm} on {date:yyyy-MM-dd} is outside the opening hours.");
        }

        if (calendar.ToInstant(date, time) is not { } start)
        {
            Add($"{time:HH\\:mm} does not exist on {date:yyyy-MM-dd} (daylight-saving change).");
            return default;
        }

        if (start <= now)
        {
            Add($"{date:yyyy-MM-dd} {time:HH\\:mm} is in the past at the site.");
        }

        return (start, start + length, date.ToDateTime(time));
    }
}

/// <summary>Shared reads of appointments.</summary>
internal static class AppointmentReads
{
    /// <summary>The size of the series a dosing session belongs to, for its label ("induction 3/8").</summary>
    public static async Task<int?> SeriesSizeAsync(IClinicOpsDbContext db, Appointment appointment, CancellationToken cancellationToken)
    {
        if (appointment.Kind != AppointmentKind.Dosing || appointment.CourseId is null)
        {
            return null;
        }

        return appointment.Phase == CoursePhase.Induction
            ? await db.Courses.Where(c => c.Id == appointment.CourseId)
                .Join(db.Protocols, c => c.ProtocolId, p => p.Id, (c, p) => p.InductionSessions).SingleAsync(cancellationToken)
            : null;
    }
}
