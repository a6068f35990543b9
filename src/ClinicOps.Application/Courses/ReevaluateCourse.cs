using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Courses;

/// <summary>A clinician's re-evaluation of a course in Reassessment.</summary>
public sealed record ReevaluationRequest
{
    /// <summary>Date of the re-evaluation (not in the future).</summary>
    /// <example>2026-12-19</example>
    public DateOnly? ReevaluatedOn { get; init; }

    /// <summary>PHQ-9 total now (0-27); compared with the screening's baseline for the response and remission flags.</summary>
    /// <example>8</example>
    public int? CurrentPhq9Total { get; init; }

    /// <summary>ContinueMaintenance, Complete or Stop.</summary>
    /// <example>ContinueMaintenance</example>
    public ReevaluationDecision? Decision { get; init; }

    /// <summary>With ContinueMaintenance: maintenance sessions this re-evaluation opens (1-52, at most the protocol's cap).</summary>
    /// <example>3</example>
    public int? MaintenanceSessionsAllowed { get; init; }

    /// <summary>The clinician's note (5-1000 characters).</summary>
    /// <example>Responding; weekly maintenance for three sessions, then reassess.</example>
    public string? Note { get; init; }
}

/// <summary>
/// Records a re-evaluation: the PHQ-9 trend since screening, the decision and the maintenance sessions allowed.
/// ContinueMaintenance opens maintenance up to that number (422 <c>course.above-maintenance-cap</c> beyond the
/// protocol's cap); Complete and Stop end the course.
/// </summary>
/// <param name="CourseId">Course id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
/// <param name="Reevaluation">The re-evaluation.</param>
public sealed record ReevaluateCourse(Guid CourseId, int? ExpectedVersion, ReevaluationRequest Reevaluation) : IRequest<Versioned<CourseResponse>>;

/// <summary>Rules for <see cref="ReevaluateCourse"/>.</summary>
public sealed class ReevaluateCourseValidator : AbstractValidator<ReevaluateCourse>
{
    /// <summary>Creates the validator.</summary>
    public ReevaluateCourseValidator(TimeProvider clock)
    {
        RuleFor(r => r.Reevaluation.ReevaluatedOn).NotNull()
            .Must(d => d!.Value <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1)))
            .WithMessage("'reevaluatedOn' must not be in the future.").OverridePropertyName("reevaluatedOn");
        RuleFor(r => r.Reevaluation.CurrentPhq9Total).NotNull().InclusiveBetween(0, 27).OverridePropertyName("currentPhq9Total");
        RuleFor(r => r.Reevaluation.Decision).NotNull().OverridePropertyName("decision");
        RuleFor(r => r.Reevaluation.MaintenanceSessionsAllowed).NotNull().InclusiveBetween(1, 52)
            .When(r => r.Reevaluation.Decision == ReevaluationDecision.ContinueMaintenance).OverridePropertyName("maintenanceSessionsAllowed");
        RuleFor(r => r.Reevaluation.Note).NotEmpty().Must(n => n!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'note' must be 5-1000 characters.").OverridePropertyName("note");
    }
}

/// <summary>Handles <see cref="ReevaluateCourse"/>.</summary>
public sealed class ReevaluateCourseHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<ReevaluateCourse, Versioned<CourseResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<CourseResponse>> Handle(ReevaluateCourse request, CancellationToken cancellationToken)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Id == request.CourseId, cancellationToken)
            ?? throw new NotFoundException("Course", request.CourseId);
        if (request.ExpectedVersion is { } expected && expected != course.Version)
        {
            throw new PreconditionFailedException("Course", course.Version);
        }

        var protocol = await db.Protocols.AsNoTracking().SingleAsync(p => p.Id == course.ProtocolId, cancellationToken);
        var baseline = await db.Screenings.AsNoTracking().Where(s => s.Id == course.ScreeningId).Select(s => s.Phq9Total).SingleAsync(cancellationToken);
        var r = request.Reevaluation;
        var refusal = course.Reevaluate(
            r.ReevaluatedOn!.Value, baseline, r.CurrentPhq9Total!.Value, r.Decision!.Value, r.MaintenanceSessionsAllowed ?? 0,
            protocol.MaintenanceSessionsPerReevaluation, r.Note!.Trim(), user.Subject, clock.GetUtcNow());
        if (refusal == CourseRefusal.AboveProtocolCap)
        {
            throw new BusinessRuleException(
                "course.above-maintenance-cap",
                "More maintenance sessions than the protocol allows per re-evaluation.",
                [$"{protocol.Code} allows at most {protocol.MaintenanceSessionsPerReevaluation} maintenance sessions per re-evaluation."]);
        }

        if (refusal is not null)
        {
            throw CourseErrors.For(refusal.Value, course);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<CourseResponse>(CourseResponse.From(course, protocol), course.Version);
    }
}
