using ClinicOps.Application.Authorizations;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;

namespace ClinicOps.Application.Scheduling;

/// <summary>Dosing sessions to book for a course: a whole proposal, or a single session.</summary>
public sealed record BookSessionsRequest
{
    /// <summary>The sessions (1-52), each a local date and time at the site and a chair.</summary>
    public IReadOnlyList<SessionSlotRequest>? Sessions { get; init; }
}

/// <summary>
/// Books dosing sessions of a course atomically: all or nothing. Sessions are numbered within the course's current
/// phase (induction up to the protocol's series, maintenance up to the latest re-evaluation's cap) and must respect
/// the protocol's spacing, the opening hours and closures. The database refuses a taken chair (409
/// <c>appointment.chair-taken</c>) or a patient already booked (409 <c>appointment.patient-double-booked</c>). A session
/// outside the course's prior authorization (its dates or its count) is 422 <c>appointment.prior-authorization</c>
/// unless a ClinicAdmin overrode the check for that date with a reason.
/// </summary>
/// <param name="CourseId">Course id.</param>
/// <param name="Booking">The sessions.</param>
public sealed record BookSessions(Guid CourseId, BookSessionsRequest Booking) : IRequest<IReadOnlyList<AppointmentResponse>>;

/// <summary>Rules for <see cref="BookSessions"/>.</summary>
public sealed class BookSessionsValidator : AbstractValidator<BookSessions>
{
    /// <summary>Creates the validator.</summary>
    public BookSessionsValidator()
    {
        RuleFor(r => r.Booking.Sessions).NotEmpty().Must(s => s!.Count <= 52).WithMessage("'sessions' may hold at most 52 sessions.")
            .OverridePropertyName("sessions");
        RuleForEach(r => r.Booking.Sessions).NotNull().SetValidator(new SessionSlotValidator()).OverridePropertyName("sessions");
    }
}

/// <summary>Rules for one <see cref="SessionSlotRequest"/>.</summary>
public sealed class SessionSlotValidator : AbstractValidator<SessionSlotRequest>
{
    /// <summary>Creates the validator.</summary>
    public SessionSlotValidator()
    {
        RuleFor(s => s.Date).NotNull();
        RuleFor(s => s.Time).NotNull().Must(t => SchedulingGrid.IsOnGrid(t!.Value))
            .When(s => s.Time is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("'time' must be on the 15-minute grid (HH:00, HH:15, HH:30 or HH:45).");
        RuleFor(s => s.ChairId).NotNull();
    }
}

/// <summary>Handles <see cref="BookSessions"/>.</summary>
public sealed class BookSessionsHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<BookSessions, IReadOnlyList<AppointmentResponse>>
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<AppointmentResponse>> Handle(BookSessions request, CancellationToken cancellationToken)
    {
        var schedule = await CourseSchedule.LoadAsync(db, request.CourseId, cancellationToken);
        var phase = schedule.BookablePhase();
        var now = clock.GetUtcNow();
        var reasons = new List<string>();
        var slots = request.Booking.Sessions!.Select((s, i) => (Request: s, Slot: schedule.CheckSlot(s, now, reasons, $"sessions[{i}]"))).ToList();
        schedule.CheckSpacing(phase, schedule.SessionsOf(phase).Select(s => DateOnly.FromDateTime(s.LocalStart)).Concat(slots.Select(s => s.Request.Date!.Value)), reasons);
        if (reasons.Count > 0)
        {
            throw new BusinessRuleException("appointment.not-bookable", "These sessions cannot be booked as asked; nothing was booked.", reasons);
        }

        // Prior authorization: refused (422) outside its dates or beyond its count, unless a ClinicAdmin overrode those dates.
        await PriorAuthorizationCheck.EnsureCoveredAsync(db, schedule.Course, schedule.Site.TimeZoneId, [.. slots.Select(s => s.Request.Date!.Value)], cancellationToken);
        var numbers = schedule.NextSessionNumbers(phase, slots.Count);
        var appointments = slots.OrderBy(s => s.Slot.Start).Select((s, i) => new Appointment(
            schedule.Course.PatientId, schedule.Course.SiteId, AppointmentKind.Dosing, s.Slot.Start, s.Slot.End, s.Slot.LocalStart,
            s.Request.ChairId, schedule.Course.Id, phase, numbers[i])).ToList();
        db.Appointments.AddRange(appointments);
        await SlotBooking.SaveAsync(db, appointments, cancellationToken);
        return [.. appointments.Select(a => AppointmentResponse.From(a, schedule.Site.TimeZoneId, schedule.SizeOf(phase)))];
    }
}
