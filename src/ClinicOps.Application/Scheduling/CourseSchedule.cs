using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>One dosing session asked for: a local date and time at the site, and a chair.</summary>
public sealed record SessionSlotRequest
{
    /// <summary>Local date at the site.</summary>
    /// <example>2026-12-03</example>
    public DateOnly? Date { get; init; }

    /// <summary>Local start time at the site, HH:mm on the 15-minute grid.</summary>
    /// <example>09:00</example>
    public TimeOnly? Time { get; init; }

    /// <summary>The observation chair.</summary>
    /// <example>1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9</example>
    public Guid? ChairId { get; init; }
}

/// <summary>
/// A course as the scheduler needs it: protocol, site calendar, chairs and the dosing sessions already held. It
/// checks what every booking path must check, so planning, booking and moving cannot drift apart.
/// </summary>
internal sealed class CourseSchedule
{
    private CourseSchedule(TreatmentCourse course, TreatmentProtocol protocol, Site site, IReadOnlyList<Chair> chairs, IReadOnlyList<Appointment> sessions, bool patientEnrolled)
    {
        Course = course;
        Protocol = protocol;
        Site = site;
        Calendar = site.Calendar();
        Chairs = chairs;
        Sessions = sessions;
        PatientEnrolledInRems = patientEnrolled;
    }

    public TreatmentCourse Course { get; }

    public TreatmentProtocol Protocol { get; }

    public Site Site { get; }

    public SiteCalendar Calendar { get; }

    public IReadOnlyList<Chair> Chairs { get; }

    /// <summary>The course's dosing sessions that count: booked or missed (a missed session keeps its place in the series).</summary>
    public IReadOnlyList<Appointment> Sessions { get; }

    public bool PatientEnrolledInRems { get; }

    public static async Task<CourseSchedule> LoadAsync(IClinicOpsDbContext db, Guid courseId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken)
            ?? throw new NotFoundException("Course", courseId);
        var protocol = await db.Protocols.AsNoTracking().SingleAsync(p => p.Id == course.ProtocolId, cancellationToken);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == course.SiteId, cancellationToken);
        var chairs = await db.Chairs.AsNoTracking().Where(c => c.SiteId == site.Id).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var sessions = await db.Appointments.AsNoTracking()
            .Where(a => a.CourseId == course.Id && a.Kind == AppointmentKind.Dosing && a.Status != AppointmentStatus.Cancelled)
            .OrderBy(a => a.StartsAt).ToListAsync(cancellationToken);
        var enrolled = await db.RemsEnrollments.AnyAsync(e => e.PatientId == course.PatientId, cancellationToken);
        return new CourseSchedule(course, protocol, site, chairs, sessions, enrolled);
    }

    /// <summary>The phase sessions are booked in now, or the reasons none can be (422).</summary>
    public CoursePhase BookablePhase()
    {
        if (Course.HasEnded)
        {
            throw new BusinessRuleException("course.ended", "The course has ended; no session can be booked.", [$"The course is {Course.Phase}."]);
        }

        if (Course.Phase == CoursePhase.Reassessment)
        {
            throw new BusinessRuleException(
                "course.reevaluation-required", "Maintenance sessions are bookable only after a clinician's re-evaluation.", ["The course is in Reassessment."]);
        }

        var missing = new List<string>();
        if (Protocol.Treatment == Domain.Screening.IntendedTreatment.Esketamine)
        {
            if (Site.RemsCertifiedOn is null)
            {
                missing.Add("The site has no Spravato REMS certification on record.");
            }

            if (!PatientEnrolledInRems)
            {
                missing.Add("The patient has no Spravato REMS enrollment on record.");
            }
        }

        if (missing.Count > 0)
        {
            throw new BusinessRuleException("appointment.rems-missing", "Esketamine sessions need the site's REMS certification and the patient's REMS enrollment.", missing);
        }

        return Course.Phase;
    }

    /// <summary>Sessions of <paramref name="phase"/> that count toward its size (maintenance: since the latest re-evaluation).</summary>
    public IReadOnlyList<Appointment> SessionsOf(CoursePhase phase)
    {
        var since = phase == CoursePhase.Maintenance && Course.Reevaluations.Count > 0 ? Course.Reevaluations[^1].At : DateTimeOffset.MinValue;
        return [.. Sessions.Where(s => s.Phase == phase && s.CreatedAt >= since)];
    }

    /// <summary>How many sessions the phase holds: the induction series, or what the latest re-evaluation allowed.</summary>
    public int SizeOf(CoursePhase phase) => phase == CoursePhase.Induction ? Protocol.InductionSessions : Course.MaintenanceSessionsAllowed;

    /// <summary>The lowest free session numbers of the phase, or 422 when the phase would hold more than its size.</summary>
    public IReadOnlyList<int> NextSessionNumbers(CoursePhase phase, int count)
    {
        var used = Sessions.Where(s => s.Phase == phase).Select(s => s.SessionNumber!.Value).ToHashSet();
        var held = SessionsOf(phase).Count;
        if (held + count > SizeOf(phase))
        {
            throw phase == CoursePhase.Induction
                ? new BusinessRuleException("appointment.series-full", "The induction series would hold more sessions than the protocol has.",
                    [$"{Protocol.Code} induction has {Protocol.InductionSessions} sessions; {held} are booked or held."])
                : new BusinessRuleException("appointment.above-maintenance-cap", "More maintenance sessions than the latest re-evaluation allows.",
                    [$"The latest re-evaluation allows {SizeOf(phase)} maintenance sessions; {held} are booked or held."]);
        }

        var first = phase == CoursePhase.Induction ? 1 : used.Count == 0 ? 1 : used.Max() + 1;
        return [.. Enumerable.Range(first, int.MaxValue - first).Where(n => !used.Contains(n)).Take(count)];
    }

    /// <summary>
    /// Checks a requested dosing slot against the grid, the clock, the opening hours and closures and the chairs, and
    /// returns its instants; every failure is a reason in one 422.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End, DateTime LocalStart) CheckSlot(SessionSlotRequest slot, DateTimeOffset now, List<string> reasons, string field)
    {
        var instants = SlotRules.Check(Calendar, slot.Date!.Value, slot.Time!.Value, Protocol.SessionLength, now, reasons, $"{field}: ", "session");
        var chair = Chairs.FirstOrDefault(c => c.Id == slot.ChairId);
        if (chair is null)
        {
            reasons.Add($"{field}: chair {slot.ChairId} is not a chair of this site.");
        }
        else if (!chair.Active)
        {
            reasons.Add($"{field}: {chair.Name} is out of service.");
        }

        return instants;
    }

    /// <summary>Adds a reason for every pair of dose dates closer than the protocol allows, and every week over its limit.</summary>
    public void CheckSpacing(CoursePhase phase, IEnumerable<DateOnly> doseDates, List<string> reasons)
    {
        var spacing = Protocol.SpacingFor(phase);
        var dates = doseDates.Order().ToList();
        for (var i = 1; i < dates.Count; i++)
        {
            if (dates[i].DayNumber - dates[i - 1].DayNumber < spacing.MinDaysBetweenDoses)
            {
                reasons.Add($"Doses on {dates[i - 1]:yyyy-MM-dd} and {dates[i]:yyyy-MM-dd} are less than {spacing.MinDaysBetweenDoses} days apart ({Protocol.Code}).");
            }
        }

        foreach (var week in dates.GroupBy(d => d.DayNumber - (((int)d.DayOfWeek + 6) % 7)).Where(w => w.Count() > spacing.MaxSessionsPerWeek))
        {
            reasons.Add($"The week of {DateOnly.FromDayNumber(week.Key):yyyy-MM-dd} would hold {week.Count()} sessions; {Protocol.Code} allows {spacing.MaxSessionsPerWeek}.");
        }
    }
}
