using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Scheduling;

/// <summary>A phase change of a course: who, when and why.</summary>
/// <param name="From">Phase before.</param>
/// <param name="To">Phase after.</param>
/// <param name="By">Subject of the clinician.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Reason">Why.</param>
public sealed record PhaseTransition(CoursePhase From, CoursePhase To, string By, DateTimeOffset At, string Reason);

/// <summary>What a clinician decided on re-evaluating a course.</summary>
public enum ReevaluationDecision
{
    /// <summary>Open (or continue) maintenance, up to the sessions allowed.</summary>
    ContinueMaintenance,

    /// <summary>The course is complete.</summary>
    Complete,

    /// <summary>Stop treatment.</summary>
    Stop,
}

/// <summary>A clinician's re-evaluation of a course, with the PHQ-9 trend it was based on.</summary>
/// <param name="On">Date of the re-evaluation.</param>
/// <param name="Phq9Baseline">PHQ-9 total at screening.</param>
/// <param name="Phq9Current">PHQ-9 total now.</param>
/// <param name="Response">At least 50% below baseline.</param>
/// <param name="Remission">Below 5.</param>
/// <param name="Decision">The decision.</param>
/// <param name="SessionsAllowed">Maintenance sessions it opens.</param>
/// <param name="By">Subject of the clinician.</param>
/// <param name="At">When it was recorded (UTC).</param>
/// <param name="Note">The clinician's note.</param>
public sealed record Reevaluation(
    DateOnly On, int Phq9Baseline, int Phq9Current, bool Response, bool Remission, ReevaluationDecision Decision,
    int SessionsAllowed, string By, DateTimeOffset At, string Note);

/// <summary>Why a course refused a change.</summary>
public enum CourseRefusal
{
    /// <summary>The course has ended (Completed or Stopped).</summary>
    Ended,

    /// <summary>This phase change is not allowed from the current phase.</summary>
    TransitionNotAllowed,

    /// <summary>Maintenance opens only through a re-evaluation.</summary>
    MaintenanceNeedsReevaluation,

    /// <summary>A re-evaluation is recorded once induction (or the last maintenance run) is over.</summary>
    NotReadyForReevaluation,

    /// <summary>More maintenance sessions than the protocol allows per re-evaluation.</summary>
    AboveProtocolCap,
}

/// <summary>
/// A patient's treatment course under one protocol: Induction → Reassessment → Maintenance → Completed or Stopped.
/// Maintenance opens only through a clinician's re-evaluation and only up to the sessions it allows.
/// </summary>
public sealed class TreatmentCourse : AuditableEntity, ISiteScoped, IPatientScoped
{
    private TreatmentCourse()
    {
        PrescribingClinician = string.Empty;
        Transitions = [];
        Reevaluations = [];
    }

    /// <summary>Starts a course in induction.</summary>
    public TreatmentCourse(Guid patientId, Guid siteId, Guid protocolId, Guid screeningId, string prescribingClinician)
        : this()
    {
        PatientId = patientId;
        SiteId = siteId;
        ProtocolId = protocolId;
        ScreeningId = screeningId;
        PrescribingClinician = prescribingClinician;
        Phase = CoursePhase.Induction;
    }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>The protocol.</summary>
    public Guid ProtocolId { get; private set; }

    /// <summary>The cleared screening the course was started on.</summary>
    public Guid ScreeningId { get; private set; }

    /// <summary>Subject of the prescribing clinician.</summary>
    public string PrescribingClinician { get; private set; }

    /// <summary>Current phase.</summary>
    public CoursePhase Phase { get; private set; }

    /// <summary>Every phase change, oldest first.</summary>
    public IReadOnlyList<PhaseTransition> Transitions { get; private set; }

    /// <summary>Every re-evaluation, oldest first.</summary>
    public IReadOnlyList<Reevaluation> Reevaluations { get; private set; }

    /// <summary>Maintenance sessions the latest re-evaluation opened (0 before any).</summary>
    public int MaintenanceSessionsAllowed => Reevaluations.Count == 0 ? 0 : Reevaluations[^1].SessionsAllowed;

    /// <summary>True once Completed or Stopped.</summary>
    public bool HasEnded => Phase is CoursePhase.Completed or CoursePhase.Stopped;

    /// <summary>
    /// Moves the course to another phase. Allowed: Induction → Reassessment; Maintenance → Reassessment; any open phase
    /// → Completed or Stopped. Maintenance opens only through <see cref="Reevaluate"/>.
    /// </summary>
    public CourseRefusal? MoveTo(CoursePhase to, string reason, string by, DateTimeOffset at)
    {
        if (HasEnded)
        {
            return CourseRefusal.Ended;
        }

        if (to == CoursePhase.Maintenance)
        {
            return CourseRefusal.MaintenanceNeedsReevaluation;
        }

        var allowed = to switch
        {
            CoursePhase.Reassessment => Phase is CoursePhase.Induction or CoursePhase.Maintenance,
            CoursePhase.Completed or CoursePhase.Stopped => true,
            _ => false,
        };
        if (!allowed)
        {
            return CourseRefusal.TransitionNotAllowed;
        }

        Record(to, reason, by, at);
        return null;
    }

    /// <summary>
    /// Records a clinician's re-evaluation in Reassessment: it opens maintenance with <paramref name="sessionsAllowed"/>
    /// sessions (at most the protocol's cap), completes or stops the course.
    /// </summary>
    public CourseRefusal? Reevaluate(
        DateOnly on, int phq9Baseline, int phq9Current, ReevaluationDecision decision, int sessionsAllowed, int? protocolCap,
        string note, string by, DateTimeOffset at)
    {
        if (HasEnded)
        {
            return CourseRefusal.Ended;
        }

        if (Phase != CoursePhase.Reassessment)
        {
            return CourseRefusal.NotReadyForReevaluation;
        }

        if (decision == ReevaluationDecision.ContinueMaintenance && protocolCap is { } cap && sessionsAllowed > cap)
        {
            return CourseRefusal.AboveProtocolCap;
        }

        var allowed = decision == ReevaluationDecision.ContinueMaintenance ? sessionsAllowed : 0;
        Reevaluations = [.. Reevaluations, new Reevaluation(
            on, phq9Baseline, phq9Current, Screening.Phq9.IsResponse(phq9Baseline, phq9Current), Screening.Phq9.IsRemission(phq9Current),
            decision, allowed, by, at, note)];
        var to = decision switch
        {
            ReevaluationDecision.ContinueMaintenance => CoursePhase.Maintenance,
            ReevaluationDecision.Complete => CoursePhase.Completed,
            _ => CoursePhase.Stopped,
        };
        Record(to, $"Re-evaluation on {on:yyyy-MM-dd}: {note}", by, at);
        return null;
    }

    private void Record(CoursePhase to, string reason, string by, DateTimeOffset at)
    {
        Transitions = [.. Transitions, new PhaseTransition(Phase, to, by, at, reason)];
        Phase = to;
    }
}
