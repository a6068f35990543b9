using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Scheduling;

namespace ClinicOps.Application.Courses;

/// <summary>A treatment course with its phase history and re-evaluations.</summary>
/// <param name="Id" example="3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99">Course id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="ProtocolId" example="9a000000-0000-4000-8000-000000000001">Protocol id.</param>
/// <param name="ProtocolCode" example="ESK-TRD">Protocol code.</param>
/// <param name="ScreeningId" example="9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f">The cleared screening the course was started on.</param>
/// <param name="PrescribingClinician" example="dr-lee">Subject of the prescribing clinician.</param>
/// <param name="Phase">Current phase.</param>
/// <param name="InductionSessions" example="8">Sessions in the protocol's induction series.</param>
/// <param name="MaintenanceSessionsAllowed" example="0">Maintenance sessions the latest re-evaluation opened.</param>
/// <param name="Transitions">Every phase change, oldest first.</param>
/// <param name="Reevaluations">Every re-evaluation, oldest first.</param>
/// <param name="CreatedAt" example="2026-11-20T16:10:00+00:00">When it was started (UTC).</param>
/// <param name="CreatedBy" example="dr-lee">Who started it.</param>
public sealed record CourseResponse(
    Guid Id,
    Guid PatientId,
    Guid SiteId,
    Guid ProtocolId,
    string ProtocolCode,
    Guid ScreeningId,
    string PrescribingClinician,
    CoursePhase Phase,
    int InductionSessions,
    int MaintenanceSessionsAllowed,
    IReadOnlyList<PhaseTransitionResponse> Transitions,
    IReadOnlyList<ReevaluationResponse> Reevaluations,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    internal static CourseResponse From(TreatmentCourse c, TreatmentProtocol protocol) => new(
        c.Id, c.PatientId, c.SiteId, c.ProtocolId, protocol.Code, c.ScreeningId, c.PrescribingClinician, c.Phase,
        protocol.InductionSessions, c.MaintenanceSessionsAllowed,
        [.. c.Transitions.Select(t => new PhaseTransitionResponse(t.From, t.To, t.By, t.At, t.Reason))],
        [.. c.Reevaluations.Select(r => new ReevaluationResponse(
            r.On, r.Phq9Baseline, r.Phq9Current, r.Response, r.Remission, r.Decision, r.SessionsAllowed, r.By, r.At, r.Note))],
        c.CreatedAt, c.CreatedBy);

    internal AuditTarget AuditTarget => new(nameof(TreatmentCourse), Id.ToString(), SiteId, PatientId);
}

/// <summary>A phase change.</summary>
/// <param name="From">Phase before.</param>
/// <param name="To">Phase after.</param>
/// <param name="By" example="dr-lee">Subject of the clinician.</param>
/// <param name="At" example="2026-12-18T15:00:00+00:00">When (UTC).</param>
/// <param name="Reason" example="Induction series complete; reassess before maintenance.">Why.</param>
public sealed record PhaseTransitionResponse(CoursePhase From, CoursePhase To, string By, DateTimeOffset At, string Reason);

/// <summary>A clinician's re-evaluation.</summary>
/// <param name="ReevaluatedOn" example="2026-12-19">Date of the re-evaluation.</param>
/// <param name="Phq9Baseline" example="18">PHQ-9 total at screening.</param>
/// <param name="Phq9Current" example="8">PHQ-9 total at re-evaluation.</param>
/// <param name="Response">PHQ-9 at least 50% below baseline.</param>
/// <param name="Remission">PHQ-9 below 5.</param>
/// <param name="Decision">The decision.</param>
/// <param name="MaintenanceSessionsAllowed" example="3">Maintenance sessions it opened.</param>
/// <param name="By" example="dr-lee">Subject of the clinician.</param>
/// <param name="At" example="2026-12-19T15:00:00+00:00">When it was recorded (UTC).</param>
/// <param name="Note" example="Responding; weekly maintenance for three sessions, then reassess.">The clinician's note.</param>
public sealed record ReevaluationResponse(
    DateOnly ReevaluatedOn, int Phq9Baseline, int Phq9Current, bool Response, bool Remission, ReevaluationDecision Decision,
    int MaintenanceSessionsAllowed, string By, DateTimeOffset At, string Note);
