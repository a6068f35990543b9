using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.RemsEnrollments;

/// <summary>A patient's REMS enrollment as recorded by the front desk or a clinician.</summary>
public sealed record RemsEnrollmentRequest
{
    /// <summary>Date of enrollment (the site's local date): not in the future at the site, not before the patient's birth.</summary>
    /// <example>2026-11-20</example>
    public DateOnly? EnrolledOn { get; init; }

    /// <summary>The REMS patient enrollment reference, 1-64 characters.</summary>
    /// <example>REMS-PT-7731902</example>
    public string? Reference { get; init; }
}

/// <summary>Records a patient's enrollment in the Spravato REMS. A patient is enrolled once; the record keeps who recorded it.</summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="Enrollment">The enrollment.</param>
public sealed record EnrollPatientInRems(Guid PatientId, RemsEnrollmentRequest Enrollment) : IRequest<RemsEnrollmentResponse>;

/// <summary>Rules for <see cref="EnrollPatientInRems"/>.</summary>
public sealed class EnrollPatientInRemsValidator : AbstractValidator<EnrollPatientInRems>
{
    /// <summary>Creates the validator.</summary>
    public EnrollPatientInRemsValidator()
    {
        RuleFor(e => e.Enrollment.EnrolledOn).NotNull().OverridePropertyName("enrolledOn");
        RuleFor(e => e.Enrollment.Reference).NotEmpty().Must(r => r!.Trim().Length is >= 1 and <= 64)
            .WithMessage("'reference' must be 1-64 characters.").OverridePropertyName("reference");
    }
}

/// <summary>Handles <see cref="EnrollPatientInRems"/>.</summary>
public sealed class EnrollPatientInRemsHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<EnrollPatientInRems, RemsEnrollmentResponse>
{
    /// <inheritdoc />
    public async Task<RemsEnrollmentResponse> Handle(EnrollPatientInRems request, CancellationToken cancellationToken)
    {
        // Patients are filtered to the caller's sites: another site's patient is as unknown as a missing one.
        var patient = await db.Patients.AsNoTracking()
            .Where(p => p.Id == request.PatientId)
            .Select(p => new { p.Id, p.SiteId, p.DateOfBirth })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Patient", request.PatientId);
        var timeZoneId = await db.Sites.Where(s => s.Id == patient.SiteId).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);

        var enrolledOn = request.Enrollment.EnrolledOn!.Value;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)).DateTime);
        if (enrolledOn > today || enrolledOn < patient.DateOfBirth)
        {
            throw new ValidationException([new ValidationFailure(
                "enrolledOn", "'enrolledOn' must not be in the future at the site or before the patient's date of birth.")]);
        }

        if (await db.RemsEnrollments.AnyAsync(e => e.PatientId == patient.Id, cancellationToken))
        {
            throw AlreadyEnrolled();
        }

        var enrollment = new RemsEnrollment(patient.Id, patient.SiteId, enrolledOn, request.Enrollment.Reference!.Trim());
        db.RemsEnrollments.Add(enrollment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException conflict) when (conflict.Code == "unique-violation")
        {
            // The unique index on the patient guards the race between two enrollments.
            throw AlreadyEnrolled();
        }

        return RemsEnrollmentResponse.From(enrollment);
    }

    private static ConflictException AlreadyEnrolled() =>
        new("rems.already-enrolled", "The patient is already enrolled in the REMS.");
}
