using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Courses;

/// <summary>A phase change of a course.</summary>
public sealed record CoursePhaseChangeRequest
{
    /// <summary>The new phase: Reassessment, Completed or Stopped (Maintenance opens only through a re-evaluation).</summary>
    /// <example>Reassessment</example>
    public CoursePhase? Phase { get; init; }

    /// <summary>Why (5-1000 characters).</summary>
    /// <example>Induction series complete; reassess before maintenance.</example>
    public string? Reason { get; init; }
}

/// <summary>Moves a course to another phase, recording who, when and why.</summary>
/// <param name="CourseId">Course id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>; null for <c>*</c>.</param>
/// <param name="Change">The new phase and the reason.</param>
public sealed record ChangeCoursePhase(Guid CourseId, int? ExpectedVersion, CoursePhaseChangeRequest Change) : IRequest<Versioned<CourseResponse>>;

/// <summary>Rules for <see cref="ChangeCoursePhase"/>.</summary>
public sealed class ChangeCoursePhaseValidator : AbstractValidator<ChangeCoursePhase>
{
    /// <summary>Creates the validator.</summary>
    public ChangeCoursePhaseValidator()
    {
        RuleFor(r => r.Change.Phase).NotNull().OverridePropertyName("phase");
        RuleFor(r => r.Change.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'reason' must be 5-1000 characters.").OverridePropertyName("reason");
    }
}

/// <summary>Handles <see cref="ChangeCoursePhase"/>.</summary>
public sealed class ChangeCoursePhaseHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<ChangeCoursePhase, Versioned<CourseResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<CourseResponse>> Handle(ChangeCoursePhase request, CancellationToken cancellationToken)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Id == request.CourseId, cancellationToken)
            ?? throw new NotFoundException("Course", request.CourseId);
        if (request.ExpectedVersion is { } expected && expected != course.Version)
        {
            throw new PreconditionFailedException("Course", course.Version);
        }

        var refusal = course.MoveTo(request.Change.Phase!.Value, request.Change.Reason!.Trim(), user.Subject, clock.GetUtcNow());
        if (refusal is not null)
        {
            throw CourseErrors.For(refusal.Value, course);
        }

        await db.SaveChangesAsync(cancellationToken);
        var protocol = await db.Protocols.AsNoTracking().SingleAsync(p => p.Id == course.ProtocolId, cancellationToken);
        return new Versioned<CourseResponse>(CourseResponse.From(course, protocol), course.Version);
    }
}

internal static class CourseErrors
{
    public static BusinessRuleException For(CourseRefusal refusal, TreatmentCourse course) => refusal switch
    {
        CourseRefusal.Ended => new("course.ended", $"The course has ended ({course.Phase}).", [$"The course is {course.Phase}."]),
        CourseRefusal.MaintenanceNeedsReevaluation => new(
            "course.reevaluation-required", "Maintenance opens only through a clinician's re-evaluation.", ["Record a re-evaluation in Reassessment."]),
        CourseRefusal.NotReadyForReevaluation => new(
            "course.not-in-reassessment", "A re-evaluation is recorded in Reassessment.", [$"The course is in {course.Phase}; move it to Reassessment first."]),
        CourseRefusal.AboveProtocolCap => new(
            "course.above-maintenance-cap", "More maintenance sessions than the protocol allows per re-evaluation.", []),
        _ => new("course.transition-not-allowed", $"The course cannot move from {course.Phase} to that phase.", [$"The course is in {course.Phase}."]),
    };
}
