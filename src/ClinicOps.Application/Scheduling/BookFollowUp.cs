using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>A follow-up appointment to book: integration therapy or a follow-up visit. It holds no chair.</summary>
public sealed record FollowUpRequest
{
    /// <summary>IntegrationTherapy or FollowUpVisit.</summary>
    /// <example>IntegrationTherapy</example>
    public AppointmentKind? Kind { get; init; }

    /// <summary>Local date at the site.</summary>
    /// <example>2026-12-04</example>
    public DateOnly? Date { get; init; }

    /// <summary>Local start time, HH:mm on the 15-minute grid.</summary>
    /// <example>14:00</example>
    public TimeOnly? Time { get; init; }

    /// <summary>Length in minutes, a multiple of 15 from 15 to 240.</summary>
    /// <example>60</example>
    public int? DurationMinutes { get; init; }

    /// <summary>The course it follows up, if any (the patient's).</summary>
    /// <example>3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99</example>
    public Guid? CourseId { get; init; }
}

/// <summary>
/// Books an integration-therapy appointment or a follow-up visit: an ordinary appointment, movable and cancellable
/// like any other, within opening hours, never overlapping the patient's other appointments (409).
/// </summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="FollowUp">What and when.</param>
public sealed record BookFollowUp(Guid PatientId, FollowUpRequest FollowUp) : IRequest<Versioned<AppointmentResponse>>;

/// <summary>Rules for <see cref="BookFollowUp"/>.</summary>
public sealed class BookFollowUpValidator : AbstractValidator<BookFollowUp>
{
    /// <summary>Creates the validator.</summary>
    public BookFollowUpValidator()
    {
        RuleFor(r => r.FollowUp.Kind).NotNull().NotEqual(AppointmentKind.Dosing)
            .WithMessage("'kind' must be IntegrationTherapy or FollowUpVisit; dosing sessions are booked on their course.").OverridePropertyName("kind");
        RuleFor(r => r.FollowUp.Date).NotNull().OverridePropertyName("date");
        RuleFor(r => r.FollowUp.Time).NotNull().Must(t => SchedulingGrid.IsOnGrid(t!.Value))
            .When(r => r.FollowUp.Time is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("'time' must be on the 15-minute grid.").OverridePropertyName("time");
        RuleFor(r => r.FollowUp.DurationMinutes).NotNull().Must(d => d is >= 15 and <= 240 && d % 15 == 0)
            .WithMessage("'durationMinutes' must be a multiple of 15 from 15 to 240.").OverridePropertyName("durationMinutes");
    }
}

/// <summary>Handles <see cref="BookFollowUp"/>.</summary>
public sealed class BookFollowUpHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<BookFollowUp, Versioned<AppointmentResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<AppointmentResponse>> Handle(BookFollowUp request, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == request.PatientId).Select(p => new { p.Id, p.SiteId })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Patient", request.PatientId);
        var f = request.FollowUp;
        if (f.CourseId is { } courseId && !await db.Courses.AnyAsync(c => c.Id == courseId && c.PatientId == patient.Id, cancellationToken))
        {
            throw new BusinessRuleException("appointment.unknown-course", "The course is not one of this patient's.", [$"courseId {courseId}"]);
        }

        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == patient.SiteId, cancellationToken);
        var reasons = new List<string>();
        var slot = SlotRules.Check(site.Calendar(), f.Date!.Value, f.Time!.Value, TimeSpan.FromMinutes(f.DurationMinutes!.Value), clock.GetUtcNow(), reasons);
        if (reasons.Count > 0)
        {
            throw new BusinessRuleException("appointment.not-bookable", "The appointment cannot be booked as asked; nothing was booked.", reasons);
        }

        var appointment = new Appointment(patient.Id, patient.SiteId, f.Kind!.Value, slot.Start, slot.End, slot.LocalStart, null, f.CourseId, null, null);
        db.Appointments.Add(appointment);
        await SlotBooking.SaveAsync(db, [appointment], cancellationToken);
        return new Versioned<AppointmentResponse>(AppointmentResponse.From(appointment, site.TimeZoneId, null), appointment.Version);
    }
}
