using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Courses;

/// <summary>Starts a treatment course.</summary>
public sealed record StartCourseRequest
{
    /// <summary>The protocol (not retired) whose treatment and indication match the patient's cleared screening.</summary>
    /// <example>9a000000-0000-4000-8000-000000000001</example>
    public Guid? ProtocolId { get; init; }

    /// <summary>Subject of the prescribing clinician; the caller when absent.</summary>
    /// <example>dr-lee</example>
    public string? PrescribingClinician { get; init; }
}

/// <summary>
/// Starts a course in induction. Only for a patient whose current screening is cleared for treatment, for the same
/// treatment and indication as the protocol (422 <c>course.screening-not-cleared</c> otherwise), and who has no other
/// open course (409 <c>course.already-open</c>).
/// </summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="Course">The protocol and prescriber.</param>
public sealed record StartCourse(Guid PatientId, StartCourseRequest Course) : IRequest<Versioned<CourseResponse>>;

/// <summary>Rules for <see cref="StartCourse"/>.</summary>
public sealed class StartCourseValidator : AbstractValidator<StartCourse>
{
    /// <summary>Creates the validator.</summary>
    public StartCourseValidator()
    {
        RuleFor(r => r.Course.ProtocolId).NotNull().OverridePropertyName("protocolId");
        RuleFor(r => r.Course.PrescribingClinician).MaximumLength(128).OverridePropertyName("prescribingClinician");
    }
}

/// <summary>Handles <see cref="StartCourse"/>.</summary>
public sealed class StartCourseHandler(IClinicOpsDbContext db, ICurrentUser user) : IRequestHandler<StartCourse, Versioned<CourseResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<CourseResponse>> Handle(StartCourse request, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == request.PatientId).Select(p => new { p.Id, p.SiteId })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Patient", request.PatientId);
        var protocol = await db.Protocols.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.Course.ProtocolId, cancellationToken)
            ?? throw new BusinessRuleException("course.unknown-protocol", "No protocol has this id.", [$"protocolId {request.Course.ProtocolId} is not in the catalog."]);
        if (protocol.RetiredAt is not null)
        {
            throw new BusinessRuleException("course.protocol-retired", "A retired protocol starts no new course.", [$"{protocol.Code} was retired: {protocol.RetirementReason}"]);
        }

        var screening = await db.Screenings.AsNoTracking().Where(s => s.PatientId == patient.Id)
            .OrderByDescending(s => s.Sequence).FirstOrDefaultAsync(cancellationToken);
        var reasons = new List<string>();
        if (screening is null)
        {
            reasons.Add("The patient has no screening.");
        }
        else
        {
            if (!screening.ClearedForTreatment)
            {
                reasons.Add($"The current screening ({screening.Outcome}) is not cleared for treatment.");
            }

            if (screening.Treatment != protocol.Treatment || screening.Indication != protocol.Indication)
            {
                reasons.Add($"The current screening is for {screening.Treatment} ({screening.Indication}), the protocol for {protocol.Treatment} ({protocol.Indication}).");
            }
        }

        if (reasons.Count > 0)
        {
            throw new BusinessRuleException("course.screening-not-cleared", "A course starts only on a current screening cleared for this treatment and indication.", reasons);
        }

        if (await db.Courses.AnyAsync(c => c.PatientId == patient.Id && c.Phase != CoursePhase.Completed && c.Phase != CoursePhase.Stopped, cancellationToken))
        {
            throw new ConflictException("course.already-open", "The patient already has an open course; complete or stop it first.");
        }

        var course = new TreatmentCourse(patient.Id, patient.SiteId, protocol.Id, screening!.Id, request.Course.PrescribingClinician?.Trim() is { Length: > 0 } prescriber ? prescriber : user.Subject);
        db.Courses.Add(course);
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<CourseResponse>(CourseResponse.From(course, protocol), course.Version);
    }
}
