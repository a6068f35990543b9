using ClinicOps.Application.Authorizations;
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

/// <summary>
/// Moves a booked appointment under the same rules as booking; a dosing session keeps its number in the series.
/// </summary>
/// <param name="Id">Appointment id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
/// <param name="Move">The new date, time and chair.</param>
public sealed record RescheduleAppointment(Guid Id, int? ExpectedVersion, RescheduleRequest Move) : IRequest<Versioned<AppointmentResponse>>;

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

/// <summary>Handles <see cref="RescheduleAppointment"/>.</summary>
public sealed class RescheduleAppointmentHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<RescheduleAppointment, Versioned<AppointmentResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<AppointmentResponse>> Handle(RescheduleAppointment request, CancellationToken cancellationToken)
    {
        var appointment = await AppointmentChanges.LoadAsync(db, request.Id, request.ExpectedVersion, cancellationToken);
        var now = clock.GetUtcNow();
        var reasons = new List<string>();
        var slot = new SessionSlotRequest { Date = request.Move.Date, Time = request.Move.Time, ChairId = request.Move.ChairId ?? appointment.ChairId };
        (DateTimeOffset Start, DateTimeOffset End, DateTime LocalStart) moved;
        int? seriesSize = null;
        string timeZoneId;
        TreatmentCourse? course = null;
        if (appointment.Kind == AppointmentKind.Dosing)
        {
            var schedule = await CourseSchedule.LoadAsync(db, appointment.CourseId!.Value, cancellationToken);
            moved = schedule.CheckSlot(slot, now, reasons, "move");
            schedule.CheckSpacing(
                appointment.Phase!.Value,
                schedule.SessionsOf(appointment.Phase.Value).Where(s => s.Id != appointment.Id).Select(s => DateOnly.FromDateTime(s.LocalStart)).Append(slot.Date!.Value),
                reasons);
            (seriesSize, timeZoneId, course) = (schedule.SizeOf(appointment.Phase.Value), schedule.Site.TimeZoneId, schedule.Course);
        }
        else
        {
            var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == appointment.SiteId, cancellationToken);
            moved = SlotRules.Check(site.Calendar(), slot.Date!.Value, slot.Time!.Value, appointment.EndsAt - appointment.StartsAt, now, reasons);
            timeZoneId = site.TimeZoneId;
        }

        if (reasons.Count > 0)
        {
            throw new BusinessRuleException("appointment.not-bookable", "The appointment cannot be moved there; nothing changed.", reasons);
        }

        if (course is not null)
        {
            // A moved dosing session must still fall within the course's prior authorization (422 unless a ClinicAdmin overrode that date).
            await PriorAuthorizationCheck.EnsureCoveredAsync(db, course, timeZoneId, [slot.Date!.Value], cancellationToken, appointment.Id);
        }

        if (!appointment.Reschedule(moved.Start, moved.End, moved.LocalStart, slot.ChairId))
        {
            throw AppointmentChanges.NotBooked(appointment);
        }

        await SlotBooking.SaveAsync(db, [appointment], cancellationToken, appointment.Id);
        return new Versioned<AppointmentResponse>(AppointmentResponse.From(appointment, timeZoneId, seriesSize), appointment.Version);
    }
}
