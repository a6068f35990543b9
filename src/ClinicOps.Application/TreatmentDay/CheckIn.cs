using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>The pre-dose checklist at check-in.</summary>
public sealed record CheckInRequest
{
    /// <summary>Check-in time as charted (defaults to now; not in the future beyond 2 minutes).</summary>
    /// <example>2026-12-03T14:55:00+00:00</example>
    public DateTimeOffset? CheckedInAt { get; init; }

    /// <summary>The ride home is confirmed.</summary>
    /// <example>true</example>
    public bool? RideConfirmed { get; init; }

    /// <summary>Who drives and how it was confirmed (up to 200 characters).</summary>
    /// <example>Partner (Jordan) drives; confirmed by phone at check-in.</example>
    public string? RideDetails { get; init; }

    /// <summary>No food for 2 hours and no liquids for 30 minutes before dosing, acknowledged by the patient.</summary>
    /// <example>true</example>
    public bool? FastingAcknowledged { get; init; }

    /// <summary>Current medications of the REMS classes (may be empty).</summary>
    /// <example>["Benzodiazepine"]</example>
    public IReadOnlyList<ConcomitantMedicationClass>? Medications { get; init; }

    /// <summary>Pregnancy status.</summary>
    /// <example>NotPregnant</example>
    public PregnancyStatus? Pregnancy { get; init; }

    /// <summary>PHQ-9 for outcome tracking: nine answers 0-3, when taken.</summary>
    /// <example>[1, 1, 1, 2, 1, 1, 1, 0, 0]</example>
    public IReadOnlyList<int>? Phq9 { get; init; }

    /// <summary>The prescriber onsite during administration and monitoring (REMS), 1-128 characters.</summary>
    /// <example>dr-lee</example>
    public string? SupervisingPrescriber { get; init; }

    /// <summary>A pulse oximeter is onsite (REMS).</summary>
    /// <example>true</example>
    public bool? PulseOximeterOnsite { get; init; }
}

/// <summary>
/// Checks a patient in for a booked dosing session and opens the treatment session. One session per appointment:
/// a second check-in gets 409 <c>session.already-checked-in</c>.
/// </summary>
/// <param name="AppointmentId">The dosing appointment.</param>
/// <param name="Checklist">The checklist.</param>
public sealed record CheckIn(Guid AppointmentId, CheckInRequest Checklist) : IRequest<SessionResponse>;

/// <summary>Rules for <see cref="CheckIn"/>.</summary>
public sealed class CheckInValidator : AbstractValidator<CheckIn>
{
    /// <summary>Creates the validator.</summary>
    public CheckInValidator()
    {
        RuleFor(r => r.Checklist.RideConfirmed).NotNull().OverridePropertyName("rideConfirmed");
        RuleFor(r => r.Checklist.RideDetails).MaximumLength(200).OverridePropertyName("rideDetails");
        RuleFor(r => r.Checklist.FastingAcknowledged).NotNull().OverridePropertyName("fastingAcknowledged");
        RuleFor(r => r.Checklist.Medications).NotNull().OverridePropertyName("medications");
        RuleFor(r => r.Checklist.Pregnancy).NotNull().OverridePropertyName("pregnancy");
        RuleFor(r => r.Checklist.Phq9).Must(p => p!.Count == 9 && p.All(v => v is >= 0 and <= 3))
            .When(r => r.Checklist.Phq9 is not null).WithMessage("'phq9' must have nine answers, each 0-3.").OverridePropertyName("phq9");
        RuleFor(r => r.Checklist.SupervisingPrescriber).MaximumLength(128).OverridePropertyName("supervisingPrescriber");
        RuleFor(r => r.Checklist.PulseOximeterOnsite).NotNull().OverridePropertyName("pulseOximeterOnsite");
    }
}

/// <summary>Handles <see cref="CheckIn"/>.</summary>
public sealed class CheckInHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<CheckIn, SessionResponse>
{
    /// <inheritdoc />
    public async Task<SessionResponse> Handle(CheckIn request, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.AppointmentId, cancellationToken)
            ?? throw new NotFoundException("Appointment", request.AppointmentId);
        if (appointment.Kind != AppointmentKind.Dosing || appointment.Status != AppointmentStatus.Booked)
        {
            throw new BusinessRuleException("session.not-a-booked-dosing-session", "Only a booked dosing appointment can be checked in.",
                [$"The appointment is a {appointment.Kind} appointment and {appointment.Status}."]);
        }

        var now = clock.GetUtcNow();
        var checkedInAt = request.Checklist.CheckedInAt ?? now;
        SessionState.EnsureEventTime("checkedInAt", checkedInAt, now, appointment.StartsAt.AddHours(-12), "12 hours before the appointment");
        if (await db.TreatmentSessions.AnyAsync(s => s.AppointmentId == appointment.Id, cancellationToken))
        {
            throw new ConflictException("session.already-checked-in", "This appointment already has a treatment session.");
        }

        var protocol = await db.Courses.Where(c => c.Id == appointment.CourseId).Join(db.Protocols, c => c.ProtocolId, p => p.Id, (c, p) => p)
            .AsNoTracking().SingleAsync(cancellationToken);
        var c = request.Checklist;
        var session = new TreatmentSession(appointment, protocol, new CheckInChecklist(
            c.RideConfirmed!.Value, c.RideDetails?.Trim(), c.FastingAcknowledged!.Value, [.. c.Medications!.Distinct()], c.Pregnancy!.Value,
            c.Phq9?.ToList(), c.SupervisingPrescriber?.Trim() is { Length: > 0 } prescriber ? prescriber : null, c.PulseOximeterOnsite!.Value),
            checkedInAt, now);
        db.TreatmentSessions.Add(session);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException)
        {
            throw new ConflictException("session.already-checked-in", "This appointment was checked in at the same time by someone else.");
        }

        return SessionResponse.From(session, [], []);
    }
}
