using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>A follow-up the course still needs, with the window it belongs in and a suggested free time.</summary>
/// <param name="Kind">IntegrationTherapy or FollowUpVisit.</param>
/// <param name="AfterAppointmentId" example="6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a">The dosing session it follows.</param>
/// <param name="Reason" example="Integration therapy 24-72 hours after induction 3/8.">Why it is proposed.</param>
/// <param name="WindowStart" example="2026-12-04T15:00:00+00:00">Earliest start (UTC).</param>
/// <param name="WindowEnd" example="2026-12-06T15:00:00+00:00">Latest start (UTC).</param>
/// <param name="SuggestedDate" example="2026-12-04">Suggested local date, when a free time was found.</param>
/// <param name="SuggestedTime" example="09:00">Suggested local time (HH:mm), when a free time was found.</param>
/// <param name="DurationMinutes" example="60">Suggested length.</param>
public sealed record FollowUpProposal(
    AppointmentKind Kind, Guid AfterAppointmentId, string Reason, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    DateOnly? SuggestedDate, string? SuggestedTime, int DurationMinutes);

/// <summary>
/// Proposes the follow-ups a course still lacks: integration therapy 24-72 hours after each booked dosing session,
/// and a follow-up visit within 7 days once the induction series ends. Each proposal suggests the first free time
/// in its window within opening hours; booking it is an ordinary follow-up booking. Writes nothing.
/// </summary>
/// <param name="CourseId">Course id.</param>
public sealed record ProposeFollowUps(Guid CourseId) : IRequest<IReadOnlyList<FollowUpProposal>>;

/// <summary>Handles <see cref="ProposeFollowUps"/>.</summary>
public sealed class ProposeFollowUpsHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<ProposeFollowUps, IReadOnlyList<FollowUpProposal>>
{
    /// <summary>Integration therapy length suggested.</summary>
    public const int IntegrationMinutes = 60;

    /// <summary>Follow-up visit length suggested.</summary>
    public const int VisitMinutes = 30;

    /// <inheritdoc />
    public async Task<IReadOnlyList<FollowUpProposal>> Handle(ProposeFollowUps request, CancellationToken cancellationToken)
    {
        var schedule = await CourseSchedule.LoadAsync(db, request.CourseId, cancellationToken);
        var patientAppointments = await db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == schedule.Course.PatientId && a.Status == AppointmentStatus.Booked)
            .ToListAsync(cancellationToken);
        var busy = patientAppointments.Select(a => new BusyInterval(a.StartsAt, a.EndsAt)).ToList();
        var now = clock.GetUtcNow();
        var proposals = new List<FollowUpProposal>();

        foreach (var session in schedule.Sessions.Where(s => s.Status == AppointmentStatus.Booked))
        {
            var (from, to) = (session.StartsAt.AddHours(24), session.StartsAt.AddHours(72));
            if (patientAppointments.Any(a => a.Kind == AppointmentKind.IntegrationTherapy && a.StartsAt >= from && a.StartsAt <= to) || to < now)
            {
                continue;
            }

            var label = AppointmentResponse.LabelOf(session, schedule.SizeOf(session.Phase!.Value));
            proposals.Add(Propose(AppointmentKind.IntegrationTherapy, session, $"Integration therapy 24-72 hours after {label}.", from, to, IntegrationMinutes, schedule.Calendar, busy, now));
        }

        var induction = schedule.SessionsOf(CoursePhase.Induction);
        if (induction.Count == schedule.Protocol.InductionSessions && induction.Count > 0)
        {
            var last = induction.MaxBy(s => s.StartsAt)!;
            var (from, to) = (last.EndsAt, last.StartsAt.AddDays(7));
            if (!patientAppointments.Any(a => a.Kind == AppointmentKind.FollowUpVisit && a.StartsAt >= from && a.StartsAt <= to) && to >= now)
            {
                proposals.Add(Propose(AppointmentKind.FollowUpVisit, last, "A follow-up visit within 7 days after the induction series ends.", from, to, VisitMinutes, schedule.Calendar, busy, now));
            }
        }

        return proposals;
    }

    private static FollowUpProposal Propose(
        AppointmentKind kind, Appointment after, string reason, DateTimeOffset from, DateTimeOffset to, int minutes, SiteCalendar calendar, List<BusyInterval> busy, DateTimeOffset now)
    {
        var length = TimeSpan.FromMinutes(minutes);
        var earliest = from > now ? from : now;
        for (var date = DateOnly.FromDateTime(calendar.ToLocal(earliest)); date <= DateOnly.FromDateTime(calendar.ToLocal(to)); date = date.AddDays(1))
        {
            foreach (var hours in calendar.Hours.Where(h => h.Day == date.DayOfWeek).OrderBy(h => h.Opens))
            {
                for (var time = hours.Opens; time.Add(length) <= hours.Closes && time.Add(length) > time; time = time.Add(SchedulingGrid.Slot))
                {
                    if (calendar.ClosureOn(date) is null && calendar.ToInstant(date, time) is { } start && start >= earliest && start <= to
                        && !busy.Any(b => b.Overlaps(start, start + length)))
                    {
                        busy.Add(new BusyInterval(start, start + length));
                        return new FollowUpProposal(kind, after.Id, reason, from, to, date, time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), minutes);
                    }
                }
            }
        }

        return new FollowUpProposal(kind, after.Id, reason, from, to, null, null, minutes);
    }
}
