using ClinicOps.Application.Common;
using ClinicOps.Domain.Authorizations;
using ClinicOps.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Authorizations;

/// <summary>Checks dosing sessions of a course against its prior authorizations (used by planning and booking).</summary>
internal static class PriorAuthorizationCheck
{
    /// <summary>The sessions on <paramref name="dates"/> the course's PAs do not cover, less those a ClinicAdmin overrode.</summary>
    /// <param name="db">The context.</param>
    /// <param name="course">The course.</param>
    /// <param name="timeZoneId">The site's time zone.</param>
    /// <param name="dates">Local dates of the new (or moved) sessions.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="moving">An appointment being moved: it no longer uses its old date's share.</param>
    public static async Task<IReadOnlyList<AuthorizationGap>> GapsAsync(
        IClinicOpsDbContext db, TreatmentCourse course, string timeZoneId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken, Guid? moving = null)
    {
        var all = await db.PriorAuthorizations.AsNoTracking().Where(p => p.CourseId == course.Id).ToListAsync(cancellationToken);
        if (all.Count == 0)
        {
            return [];
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var booked = (await db.Appointments.AsNoTracking()
                .Where(a => a.CourseId == course.Id && a.Kind == AppointmentKind.Dosing && a.Status == AppointmentStatus.Booked && a.Id != moving)
                .Select(a => a.StartsAt).ToListAsync(cancellationToken))
            .Select(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s, zone).DateTime)).ToList();
        var gaps = PriorAuthorizationRules.Check(true, [.. all.Where(p => p.Status == PriorAuthorizationStatus.Approved).Select(p => p.Window)], booked, dates);
        if (gaps.Count == 0)
        {
            return gaps;
        }

        var overridden = (await db.PriorAuthorizationOverrides.AsNoTracking().Where(o => o.CourseId == course.Id).ToListAsync(cancellationToken))
            .SelectMany(o => o.Dates).ToHashSet();
        return [.. gaps.Where(g => !overridden.Contains(g.Date))];
    }

    /// <summary>Refuses the booking (422 <c>appointment.prior-authorization</c>) when a session is not covered.</summary>
    public static async Task EnsureCoveredAsync(
        IClinicOpsDbContext db, TreatmentCourse course, string timeZoneId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken, Guid? moving = null)
    {
        var gaps = await GapsAsync(db, course, timeZoneId, dates, cancellationToken, moving);
        if (gaps.Count > 0)
        {
            throw new BusinessRuleException("appointment.prior-authorization",
                "The course's prior authorization does not cover these sessions; nothing was booked. A ClinicAdmin may override with a reason (POST /api/v1/courses/{id}/prior-authorization-overrides).",
                [.. gaps.Select(g => $"{g.Finding}: {g.Reason}")]);
        }
    }
}
