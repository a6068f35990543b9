using ClinicOps.Domain.Common;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Scheduling;

/// <summary>A phase of a treatment course.</summary>
public enum CoursePhase
{
    /// <summary>The induction series (esketamine TRD: twice weekly for 4 weeks).</summary>
    Induction,

    /// <summary>Induction is over; a clinician re-evaluates before any maintenance.</summary>
    Reassessment,

    /// <summary>Maintenance sessions, up to the cap of the latest re-evaluation.</summary>
    Maintenance,

    /// <summary>The course ended as planned.</summary>
    Completed,

    /// <summary>The course was stopped early.</summary>
    Stopped,
}

/// <summary>Doses a protocol allows in a phase, for a range of session numbers.</summary>
/// <param name="Phase">Induction or Maintenance.</param>
/// <param name="FirstSession">First session number the rule covers (1-based within the phase).</param>
/// <param name="LastSession">Last session number covered; null for "and every later one".</param>
/// <param name="MilligramOptions">Fixed doses allowed, in mg (esketamine: 56 or 84); empty for weight-based dosing.</param>
/// <param name="MgPerKgMin">Weight-based dosing: lowest mg/kg (IV ketamine: 0.1).</param>
/// <param name="MgPerKgMax">Weight-based dosing: highest mg/kg (IV ketamine: 0.75).</param>
/// <param name="MgPerKgDefault">Weight-based dosing: usual mg/kg (IV ketamine: 0.5).</param>
public sealed record DoseRule(
    CoursePhase Phase, int FirstSession, int? LastSession, IReadOnlyList<int> MilligramOptions,
    decimal? MgPerKgMin = null, decimal? MgPerKgMax = null, decimal? MgPerKgDefault = null)
{
    /// <summary>True when the rule covers session <paramref name="sessionNumber"/> of <paramref name="phase"/>.</summary>
    public bool Covers(CoursePhase phase, int sessionNumber) =>
        Phase == phase && sessionNumber >= FirstSession && (LastSession is null || sessionNumber <= LastSession);
}

/// <summary>
/// A treatment protocol of the clinic's catalog: what is given, how sessions are spaced, how long a patient holds a
/// chair, and how much maintenance one re-evaluation opens. Retired protocols stay in the catalog (courses refer to
/// them) and start no new course.
/// </summary>
public sealed class TreatmentProtocol : AuditableEntity
{
    private TreatmentProtocol()
    {
        Code = Name = string.Empty;
        InductionWeekdays = [];
        Doses = [];
    }

    /// <summary>Creates a protocol.</summary>
    public TreatmentProtocol(Guid id, ProtocolDefinition definition)
        : this()
    {
        ArgumentNullException.ThrowIfNull(definition);
        Id = id;
        Code = definition.Code;
        Name = definition.Name;
        Treatment = definition.Treatment;
        Indication = definition.Indication;
        InductionSessions = definition.InductionSessions;
        InductionWindowDays = definition.InductionWindowDays;
        InductionMinDaysBetweenDoses = definition.InductionMinDaysBetweenDoses;
        InductionMaxSessionsPerWeek = definition.InductionMaxSessionsPerWeek;
        InductionWeekdays = [.. definition.InductionWeekdays];
        MaintenanceMinDaysBetweenDoses = definition.MaintenanceMinDaysBetweenDoses;
        MaintenanceSessionsPerReevaluation = definition.MaintenanceSessionsPerReevaluation;
        Doses = [.. definition.Doses];
        CheckInMinutes = definition.CheckInMinutes;
        DosingMinutes = definition.DosingMinutes;
        MonitoringMinutes = definition.MonitoringMinutes;
        BufferMinutes = definition.BufferMinutes;
    }

    /// <summary>Short unique code, e.g. "ESK-TRD".</summary>
    public string Code { get; private set; }

    /// <summary>Display name.</summary>
    public string Name { get; private set; }

    /// <summary>The treatment given.</summary>
    public IntendedTreatment Treatment { get; private set; }

    /// <summary>The indication it treats; a course needs a cleared screening for the same one.</summary>
    public ScreeningIndication Indication { get; private set; }

    /// <summary>Sessions in the induction series.</summary>
    public int InductionSessions { get; private set; }

    /// <summary>Days from the first induction session within which the series is planned.</summary>
    public int InductionWindowDays { get; private set; }

    /// <summary>Fewest calendar days between two induction doses.</summary>
    public int InductionMinDaysBetweenDoses { get; private set; }

    /// <summary>Most induction sessions in one Monday-Sunday week.</summary>
    public int InductionMaxSessionsPerWeek { get; private set; }

    /// <summary>Default weekdays of the induction series.</summary>
    public IReadOnlyList<DayOfWeek> InductionWeekdays { get; private set; }

    /// <summary>Fewest calendar days between two maintenance doses (weekly: 7).</summary>
    public int MaintenanceMinDaysBetweenDoses { get; private set; }

    /// <summary>Maintenance sessions one re-evaluation may open at most; null when the clinician decides.</summary>
    public int? MaintenanceSessionsPerReevaluation { get; private set; }

    /// <summary>Doses allowed per phase and session.</summary>
    public IReadOnlyList<DoseRule> Doses { get; private set; }

    /// <summary>Minutes for check-in and pre-dose checks.</summary>
    public int CheckInMinutes { get; private set; }

    /// <summary>Minutes of dosing (esketamine devices 5 minutes apart; IV infusion 40 minutes).</summary>
    public int DosingMinutes { get; private set; }

    /// <summary>Minutes of post-dose monitoring at least (esketamine REMS: 120).</summary>
    public int MonitoringMinutes { get; private set; }

    /// <summary>Minutes to turn the chair around.</summary>
    public int BufferMinutes { get; private set; }

    /// <summary>How long a patient holds a chair: check-in, dosing, monitoring and buffer, rounded up to the 15-minute grid.</summary>
    public TimeSpan SessionLength =>
        SchedulingGrid.RoundUp(TimeSpan.FromMinutes(CheckInMinutes + DosingMinutes + MonitoringMinutes + BufferMinutes));

    /// <summary>When it was retired; a retired protocol starts no new course.</summary>
    public DateTimeOffset? RetiredAt { get; private set; }

    /// <summary>Why it was retired.</summary>
    public string? RetirementReason { get; private set; }

    /// <summary>Spacing of a phase's sessions, for the planner.</summary>
    public SeriesSpacing SpacingFor(CoursePhase phase) => phase == CoursePhase.Induction
        ? new SeriesSpacing(InductionMinDaysBetweenDoses, InductionMaxSessionsPerWeek, SessionLength, InductionWindowDays)
        : new SeriesSpacing(MaintenanceMinDaysBetweenDoses, 1, SessionLength, MaintenanceWindowDays);

    /// <summary>Maintenance sessions are planned within this many days (a maintenance run of a few sessions).</summary>
    public const int MaintenanceWindowDays = 12 * 7;

    /// <summary>Retires the protocol; returns false when it already was.</summary>
    public bool Retire(string reason, DateTimeOffset at)
    {
        if (RetiredAt is not null)
        {
            return false;
        }

        RetiredAt = at;
        RetirementReason = reason;
        return true;
    }
}

/// <summary>Everything a protocol states, as entered by a clinic administrator or seeded.</summary>
public sealed record ProtocolDefinition
{
    /// <summary>Short unique code.</summary>
    public required string Code { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Treatment.</summary>
    public required IntendedTreatment Treatment { get; init; }

    /// <summary>Indication.</summary>
    public required ScreeningIndication Indication { get; init; }

    /// <summary>Sessions in the induction series.</summary>
    public required int InductionSessions { get; init; }

    /// <summary>Days within which induction is planned.</summary>
    public required int InductionWindowDays { get; init; }

    /// <summary>Fewest days between induction doses.</summary>
    public required int InductionMinDaysBetweenDoses { get; init; }

    /// <summary>Most induction sessions a week.</summary>
    public required int InductionMaxSessionsPerWeek { get; init; }

    /// <summary>Default induction weekdays.</summary>
    public required IReadOnlyList<DayOfWeek> InductionWeekdays { get; init; }

    /// <summary>Fewest days between maintenance doses.</summary>
    public required int MaintenanceMinDaysBetweenDoses { get; init; }

    /// <summary>Maintenance cap per re-evaluation, or null.</summary>
    public int? MaintenanceSessionsPerReevaluation { get; init; }

    /// <summary>Doses per phase.</summary>
    public required IReadOnlyList<DoseRule> Doses { get; init; }

    /// <summary>Check-in minutes.</summary>
    public required int CheckInMinutes { get; init; }

    /// <summary>Dosing minutes.</summary>
    public required int DosingMinutes { get; init; }

    /// <summary>Monitoring minutes.</summary>
    public required int MonitoringMinutes { get; init; }

    /// <summary>Buffer minutes.</summary>
    public required int BufferMinutes { get; init; }
}
