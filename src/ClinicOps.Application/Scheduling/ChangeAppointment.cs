using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>Where to move an appointment.</summary>
public sealed record RescheduleRequest
{
    /// <summary>New local date at the site.</summary>
    /// <example>2026-12-04</example>
    public DateOnly? Date { get; init; }

    /// <summary>New local start time, HH:mm on the 15-minute grid.</summary>
    /// <example>10:00</example>
    public TimeOnly? Time { get; init; }

    /// <summary>The chair (dosing sessions; the same chair when absent).</summary>
    /// <example>1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9</example>
    public Guid? ChairId { get; init; }
}

/// <summary>Why an appointment is cancelled.</summary>
public sealed record CancellationRequest
{
    /// <summary>Why (5-1000 characters).</summary>
    /// <example>Patient has the flu; will rebook next week.</example>
    public string? Reason { get; init; }
}

/// <summary>
/// Moves a booked appointment under the same rules as booking; a dosing session keeps its number in the series.
/// </summary>
/// <param name="Id">Appointment id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
/// <param name="Move">The new date, time and chair.</param>
public sealed record RescheduleAppointment(Guid Id, int? ExpectedVersion, RescheduleRequest Move) : IRequest<Versioned<AppointmentResponse>>;

/// <summary>Cancels a booked appointment with a reason; its chair and time are free again.</summary>
/// <param name="Id">Appointment id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
/// <param name="Cancellation">The reason.</param>
public sealed record CancelAppointment(Guid Id, int? ExpectedVersion, CancellationRequest Cancellation) : IRequest<Versioned<AppointmentResponse>>;

/// <summary>
/// Marks a booked appointment that has started as a no-show. The series keeps its count and its schedule (label:
/// keep the schedule during induction).
/// </summary>
/// <param name="Id">Appointment id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
public sealed record MarkNoShow(Guid Id, int? ExpectedVersion) : IRequest<Versioned<AppointmentResponse>>;

/// <summary>Rules for <see cref="RescheduleAppointment"/>.</summary>
public sealed class RescheduleAppointmentValidator : AbstractValidator<RescheduleAppointment>
{
    /// <summary>Creates the validator.</summary>
    public RescheduleAppointmentValidator()
    {
        RuleFor(r => r.Move.Date).NotNull().OverridePropertyName("date");
        RuleFor(r => r.Move.Time).NotNull().Must(t => SchedulingGrid.IsOnGrid(t!.Value))
            .When(r => r.Move.Time is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("'time' must be on the 15-minute grid.").OverridePropertyName("time");
    }
}

/// <summary>Rules for <see cref="CancelAppointment"/>.</summary>
public sealed class CancelAppointmentValidator : AbstractValidator<CancelAppointment>
{
    /// <summary>Creates the validator.</summary>
    public CancelAppointmentValidator()
    {
        RuleFor(r => r.Cancellation.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'reason' must be 5-1000 characters.").OverridePropertyName("reason");
    }
}

/// <summary>Handles moving, cancelling and no-shows.</summary>
public sealed class ChangeAppointmentHandler(IClinicOpsDbContext db, TimeProvider clock) :
    IRequestHandler<RescheduleAppointment, Versioned<AppointmentResponse>>,
    IRequestHandler<CancelAppointment, Versioned<AppointmentResponse>>,
    IRequestHandler<MarkNoShow, Versioned<AppointmentResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<AppointmentResponse>> Handle(RescheduleAppointment request, CancellationToken cancellationToken)
    {
        var appointment = await LoadAsync(request.Id, request.ExpectedVersion, cancellationToken);
        var now = clock.GetUtcNow();
        var reasons = new List<string>();
        var slot = new SessionSlotRequest { Date = request.Move.Date, Time = request.Move.Time, ChairId = request.Move.ChairId ?? appointment.ChairId };
        (DateTimeOffset Start, DateTimeOffset End, DateTime LocalStart) moved;
        int? seriesSize = null;
        string timeZoneId;
        if (appointment.Kind == AppointmentKind.Dosing)
        {
            var schedule = await CourseSchedule.LoadAsync(db, appointment.CourseId!.Value, cancellationToken);
            moved = schedule.CheckSlot(slot, now, reasons, "move");
            schedule.CheckSpacing(
                appointment.Phase!.Value,
                schedule.SessionsOf(appointment.Phase.Value).Where(s => s.Id != appointment.Id).Select(s => DateOnly.FromDateTime(s.LocalStart)).Append(slot.Date!.Value),
                reasons);
            (seriesSize, timeZoneId) = (schedule.SizeOf(appointment.Phase.Value), schedule.Site.TimeZoneId);
        }
        else
        {
            var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == appointment.SiteId, cancellationToken);
            moved = FollowUpSlots.Check(site.Calendar(), slot.Date!.Value, slot.Time!.Value, appointment.EndsAt - appointment.StartsAt, now, reasons);
            timeZoneId = site.TimeZoneId;
        }

        if (reasons.Count > 0)
        {
            throw new BusinessRuleException("appointment.not-bookable", "The appointment cannot be moved there; nothing changed.", reasons);
        }

        if (!appointment.Reschedule(moved.Start, moved.End, moved.LocalStart, slot.ChairId))
        {
            throw NotBooked(appointment);
        }

        await SlotBooking.SaveAsync(db, [appointment], cancellationToken, appointment.Id);
        return new Versioned<AppointmentResponse>(AppointmentResponse.From(appointment, timeZoneId, seriesSize), appointment.Version);
    }

    /// <inheritdoc />
    public async Task<Versioned<AppointmentResponse>> Handle(CancelAppointment request, CancellationToken cancellationToken)
    {
        var appointment = await LoadAsync(request.Id, request.ExpectedVersion, cancellationToken);
        if (!appointment.Cancel(request.Cancellation.Reason!.Trim()))
        {
            throw NotBooked(appointment);
        }

        await SlotBooking.SaveAsync(db, [], cancellationToken, appointment.Id);
        return await RespondAsync(appointment, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Versioned<AppointmentResponse>> Handle(MarkNoShow request, CancellationToken cancellationToken)
    {
        var appointment = await LoadAsync(request.Id, request.ExpectedVersion, cancellationToken);
        if (appointment.IsBooked && clock.GetUtcNow() < appointment.StartsAt)
        {
            throw new BusinessRuleException("appointment.not-started", "An appointment that has not started yet cannot be a no-show.", [$"It starts at {appointment.StartsAt:O}."]);
        }

        if (!appointment.MarkNoShow(clock.GetUtcNow()))
        {
            throw NotBooked(appointment);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await RespondAsync(appointment, cancellationToken);
    }

    private async Task<Appointment> LoadAsync(Guid id, int? expectedVersion, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("Appointment", id);
        if (expectedVersion is { } expected && expected != appointment.Version)
        {
            throw new PreconditionFailedException("Appointment", appointment.Version);
        }

        return appointment;
    }

    private async Task<Versioned<AppointmentResponse>> RespondAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        var timeZoneId = await db.Sites.Where(s => s.Id == appointment.SiteId).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
        var size = appointment.CourseId is null ? null : await AppointmentReads.SeriesSizeAsync(db, appointment, cancellationToken);
        return new Versioned<AppointmentResponse>(AppointmentResponse.From(appointment, timeZoneId, size), appointment.Version);
    }

    private static ConflictException NotBooked(Appointment appointment) =>
        new("appointment.not-booked", $"The appointment is {appointment.Status}; only a booked appointment can change.");
}
