using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>Outcome tracking of a course: PHQ-9 per session against the screening's baseline.</summary>
/// <param name="CourseId" example="3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99">Course id.</param>
/// <param name="Phq9Baseline" example="18">PHQ-9 total at screening.</param>
/// <param name="Sessions">Each session with a PHQ-9 at check-in, in order.</param>
/// <param name="Response">The latest PHQ-9 is at least 50% below baseline.</param>
/// <param name="Remission">The latest PHQ-9 is below 5.</param>
/// <param name="InductionComplete">Every induction session of the protocol has been given.</param>
/// <param name="NonResponseAtEndOfInduction">Induction is complete without a response: the label says to assess whether to continue.</param>
public sealed record CourseOutcomesResponse(
    Guid CourseId, int Phq9Baseline, IReadOnlyList<SessionOutcomeResponse> Sessions, bool Response, bool Remission, bool InductionComplete, bool NonResponseAtEndOfInduction);

/// <summary>One session's PHQ-9.</summary>
/// <param name="SessionId" example="4e3d2c1b-0a99-4877-8665-5544332211ff">Session id.</param>
/// <param name="Phase">Induction or Maintenance.</param>
/// <param name="SessionNumber" example="3">Number within the phase.</param>
/// <param name="CheckedInAt" example="2026-12-03T14:55:00+00:00">Check-in time.</param>
/// <param name="Phq9Total" example="9">PHQ-9 total at check-in.</param>
/// <param name="Response">At least 50% below baseline.</param>
/// <param name="Remission">Below 5.</param>
public sealed record SessionOutcomeResponse(Guid SessionId, CoursePhase Phase, int SessionNumber, DateTimeOffset CheckedInAt, int Phq9Total, bool Response, bool Remission);

/// <summary>Reads a course's outcome tracking.</summary>
/// <param name="CourseId">Course id.</param>
public sealed record GetCourseOutcomes(Guid CourseId) : IRequest<CourseOutcomesResponse>;

/// <summary>Handles <see cref="GetCourseOutcomes"/>.</summary>
public sealed class GetCourseOutcomesHandler(IClinicOpsDbContext db, IAuditTrail audit) : IRequestHandler<GetCourseOutcomes, CourseOutcomesResponse>
{
    /// <inheritdoc />
    public async Task<CourseOutcomesResponse> Handle(GetCourseOutcomes request, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CourseId, cancellationToken)
            ?? throw new NotFoundException("Course", request.CourseId);
        var baseline = await db.Screenings.AsNoTracking().Where(s => s.Id == course.ScreeningId).Select(s => s.Phq9Total).SingleAsync(cancellationToken);
        var inductionSize = await db.Protocols.AsNoTracking().Where(p => p.Id == course.ProtocolId).Select(p => p.InductionSessions).SingleAsync(cancellationToken);
        var sessions = await db.TreatmentSessions.AsNoTracking().Where(s => s.CourseId == course.Id).OrderBy(s => s.CheckedInAt).ToListAsync(cancellationToken);
        var outcomes = sessions.Where(s => s.Phq9Total is not null)
            .Select(s => new SessionOutcomeResponse(s.Id, s.Phase, s.SessionNumber, s.CheckedInAt, s.Phq9Total!.Value,
                Phq9.IsResponse(baseline, s.Phq9Total.Value), Phq9.IsRemission(s.Phq9Total.Value)))
            .ToList();
        var inductionGiven = sessions.Count(s => s.Phase == CoursePhase.Induction && s.Dose is not null);
        var inductionComplete = inductionGiven >= inductionSize;
        var lastInduction = outcomes.LastOrDefault(o => o.Phase == CoursePhase.Induction);
        await audit.RecordReadsAsync([new AuditTarget(nameof(TreatmentCourse), course.Id.ToString(), course.SiteId, course.PatientId)], cancellationToken);
        return new CourseOutcomesResponse(
            course.Id, baseline, outcomes, outcomes.LastOrDefault()?.Response ?? false, outcomes.LastOrDefault()?.Remission ?? false,
            inductionComplete, inductionComplete && lastInduction is { Response: false });
    }
}
