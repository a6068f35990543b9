using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>Checks for chairless appointments (integration therapy, follow-up visits).</summary>
internal static class FollowUpSlots
{
    public static (DateTimeOffset Start, DateTimeOffset End, DateTime LocalStart) Check(
        SiteCalendar calendar, DateOnly date, TimeOnly time, TimeSpan length, DateTimeOffset now, List<string> reasons)
    {
        if (calendar.ClosureOn(date) is { } closure)
        {
            reasons.Add($"The site is closed on {date:yyyy-MM-dd} ({closure.Reason}).");
        }
        else if (!calendar.IsOpen(date, time, length))
        {
            reasons.Add($"A {length.TotalMinutes:0}-minute appointment at {time:HH\\:mm} on {date:yyyy-MM-dd} is outside the opening hours.");
        }

        if (calendar.ToInstant(date, time) is not { } start)
        {
            reasons.Add($"{time:HH\\:mm} does not exist on {date:yyyy-MM-dd} (daylight-saving change).");
            return default;
        }

        if (start <= now)
        {
            reasons.Add($"{date:yyyy-MM-dd} {time:HH\\:mm} is in the past at the site.");
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
