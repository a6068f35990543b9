using ClinicOps.Application.Authorizations;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>What to plan for a course's current phase.</summary>
public sealed record PlanSeriesRequest
{
    /// <summary>First local date that may hold a session (today or later at the site).</summary>
    /// <example>2026-12-01</example>
    public DateOnly? StartDate { get; init; }

    /// <summary>Weekdays the patient can come; the protocol's default when absent (esketamine TRD: Monday and Thursday).</summary>
    /// <example>["Monday", "Thursday"]</example>
    public IReadOnlyList<Weekday>? Weekdays { get; init; }

    /// <summary>Local start times in order of preference, each HH:mm on the 15-minute grid (1-8).</summary>
    /// <example>["09:00", "13:00"]</example>
    public IReadOnlyList<TimeOnly>? Times { get; init; }

    /// <summary>How many sessions to plan; by default every session the phase still holds.</summary>
    /// <example>8</example>
    public int? Sessions { get; init; }
}

/// <summary>A proposed series: the sessions placed, and each one that could not be placed with the reasons. Nothing is booked.</summary>
/// <param name="CourseId" example="3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99">Course id.</param>
/// <param name="Phase">The phase planned.</param>
/// <param name="TimeZoneId" example="America/Chicago">The site's time zone.</param>
/// <param name="SessionLengthMinutes" example="165">How long each session holds its chair.</param>
/// <param name="Sessions">Sessions placed; book them as they are with bookSessions.</param>
/// <param name="Unplaced">Sessions that could not be placed, each with why.</param>
/// <param name="Warnings">Placed sessions the course's prior authorization does not cover (outside its dates or beyond its count): booking them is refused unless a ClinicAdmin overrides.</param>
public sealed record SeriesPlanResponse(
    Guid CourseId, CoursePhase Phase, string TimeZoneId, int SessionLengthMinutes, IReadOnlyList<PlannedSessionResponse> Sessions, IReadOnlyList<UnplacedSessionResponse> Unplaced,
    IReadOnlyList<string>? Warnings = null);

/// <summary>A proposed session.</summary>
/// <param name="SessionNumber" example="1">Number within the phase.</param>
/// <param name="Date" example="2026-12-03">Local date.</param>
/// <param name="Time" example="09:00">Local start time (HH:mm).</param>
/// <param name="StartsAt" example="2026-12-03T15:00:00+00:00">Start (UTC).</param>
/// <param name="EndsAt" example="2026-12-03T17:45:00+00:00">End (UTC).</param>
/// <param name="ChairId" example="1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9">The chair.</param>
/// <param name="ChairName" example="Chair 1">The chair's name.</param>
/// <param name="Notes">Preferred dates or times passed over on the way, and why.</param>
public sealed record PlannedSessionResponse(
    int SessionNumber, DateOnly Date, string Time, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid ChairId, string ChairName, IReadOnlyList<string> Notes);

/// <summary>A session the planner could not place.</summary>
/// <param name="SessionNumber" example="8">Number within the phase.</param>
/// <param name="Reasons">What stood in the way, date by date.</param>
public sealed record UnplacedSessionResponse(int SessionNumber, IReadOnlyList<string> Reasons);

/// <summary>
/// Proposes the remaining sessions of the course's current phase: the protocol's spacing and weekly limit, opening
/// hours and closures, a free chair for the whole session, and no clash with the patient's other appointments. Writes
/// nothing.
/// </summary>
/// <param name="CourseId">Course id.</param>
/// <param name="Plan">Dates, weekdays and times wanted.</param>
public sealed record PlanSeries(Guid CourseId, PlanSeriesRequest Plan) : IRequest<SeriesPlanResponse>;

/// <summary>Rules for <see cref="PlanSeries"/>.</summary>
public sealed class PlanSeriesValidator : AbstractValidator<PlanSeries>
{
    /// <summary>Creates the validator.</summary>
    public PlanSeriesValidator()
    {
        RuleFor(r => r.Plan.StartDate).NotNull().OverridePropertyName("startDate");
        RuleFor(r => r.Plan.Weekdays).Must(w => w!.Count is >= 1 and <= 7 && w.Distinct().Count() == w.Count)
            .When(r => r.Plan.Weekdays is not null).WithMessage("'weekdays' must list 1-7 different days.").OverridePropertyName("weekdays");
        RuleFor(r => r.Plan.Times).NotEmpty().Must(t => t!.Count <= 8 && t.All(SchedulingGrid.IsOnGrid))
            .WithMessage("'times' must list 1-8 times on the 15-minute grid.").OverridePropertyName("times");
        RuleFor(r => r.Plan.Sessions).InclusiveBetween(1, 52).OverridePropertyName("sessions");
    }
}

/// <summary>Handles <see cref="PlanSeries"/>.</summary>
public sealed class PlanSeriesHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<PlanSeries, SeriesPlanResponse>
{
    /// <inheritdoc />
    public async Task<SeriesPlanResponse> Handle(PlanSeries request, CancellationToken cancellationToken)
    {
        var schedule = await CourseSchedule.LoadAsync(db, request.CourseId, cancellationToken);
        var phase = schedule.BookablePhase();
        var siteToday = DateOnly.FromDateTime(schedule.Calendar.ToLocal(clock.GetUtcNow()));
        if (request.Plan.StartDate!.Value < siteToday)
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("startDate", "'startDate' must not be in the past at the site.")]);
        }

        var held = schedule.SessionsOf(phase);
        var remaining = schedule.SizeOf(phase) - held.Count;
        var count = Math.Min(request.Plan.Sessions ?? remaining, remaining);
        if (count <= 0)
        {
            throw new BusinessRuleException("appointment.series-full", "Every session of this phase is already booked.", [$"{held.Count} of {schedule.SizeOf(phase)} sessions are booked or held."]);
        }

        var numbers = schedule.NextSessionNumbers(phase, count);
        var spacing = schedule.Protocol.SpacingFor(phase);
        var windowStart = schedule.Calendar.ToInstant(request.Plan.StartDate.Value, TimeOnly.MinValue) ?? DateTimeOffset.MinValue;
        var windowEnd = windowStart.AddDays(spacing.WindowDays + 1);
        var chairIds = schedule.Chairs.Where(c => c.Active).Select(c => c.Id).ToList();
        var taken = await db.Appointments.AsNoTracking()
            .Where(a => a.ChairId != null && chairIds.Contains(a.ChairId.Value) && a.Status == AppointmentStatus.Booked && a.StartsAt < windowEnd && a.EndsAt > windowStart)
            .Select(a => new { ChairId = a.ChairId!.Value, a.StartsAt, a.EndsAt })
            .ToListAsync(cancellationToken);
        var patientBusy = await db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == schedule.Course.PatientId && a.Status == AppointmentStatus.Booked && a.StartsAt < windowEnd && a.EndsAt > windowStart)
            .Select(a => new BusyInterval(a.StartsAt, a.EndsAt))
            .ToListAsync(cancellationToken);
        var chairs = schedule.Chairs.Where(c => c.Active)
            .Select(c => new ChairBookings(c.Id, c.Name, [.. taken.Where(t => t.ChairId == c.Id).Select(t => new BusyInterval(t.StartsAt, t.EndsAt))]))
            .ToList();

        var plan = SeriesPlanner.Plan(
            new SeriesRequest(numbers[0], count, request.Plan.StartDate.Value, request.Plan.Weekdays?.Select(d => (DayOfWeek)d).ToList() ?? schedule.Protocol.InductionWeekdays,
                request.Plan.Times!, [.. held.Select(s => DateOnly.FromDateTime(s.LocalStart))]),
            spacing, schedule.Calendar, chairs, patientBusy);

        var gaps = await PriorAuthorizationCheck.GapsAsync(db, schedule.Course, schedule.Site.TimeZoneId, [.. plan.Sessions.Select(s => s.LocalDate)], cancellationToken);

        // The planner numbers sessions consecutively; map them onto the phase's free numbers.
        return new SeriesPlanResponse(
            schedule.Course.Id, phase, schedule.Site.TimeZoneId, (int)spacing.SessionLength.TotalMinutes,
            [.. plan.Sessions.Select((s, i) => new PlannedSessionResponse(
                numbers[i], s.LocalDate, s.LocalStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), s.StartsAt, s.EndsAt, s.ChairId, s.ChairName, s.Notes))],
            [.. plan.Unplaced.Select((u, i) => new UnplacedSessionResponse(numbers[plan.Sessions.Count + i], u.Reasons))],
            [.. gaps.Select(g => $"{g.Finding}: {g.Reason}")]);
    }
}
