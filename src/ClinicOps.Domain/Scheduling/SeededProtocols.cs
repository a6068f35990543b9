using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Scheduling;

/// <summary>
/// The protocols every catalog starts with, per the Spravato prescribing information and common IV ketamine practice
/// (shared/DOMAIN.md). Their ids are fixed so a migration can seed them and clients can rely on them.
/// </summary>
public static class SeededProtocols
{
    /// <summary>Esketamine for treatment-resistant depression (label).</summary>
    public static readonly Guid EsketamineTrdId = new("9a000000-0000-4000-8000-000000000001");

    /// <summary>Esketamine for MDD with acute suicidal ideation or behaviour (label).</summary>
    public static readonly Guid EsketamineMddSiId = new("9a000000-0000-4000-8000-000000000002");

    /// <summary>IV ketamine, off-label, clinic protocol.</summary>
    public static readonly Guid IvKetamineId = new("9a000000-0000-4000-8000-000000000003");

    /// <summary>
    /// Esketamine TRD: induction twice weekly for weeks 1-4 (8 sessions; day 1 56 mg, then 56 or 84 mg); maintenance
    /// weekly for weeks 5-8, then every 1 or 2 weeks (56 or 84 mg); monitoring at least 120 minutes.
    /// </summary>
    public static ProtocolDefinition EsketamineTrd { get; } = new()
    {
        Code = "ESK-TRD",
        Name = "Esketamine nasal spray, treatment-resistant depression (label)",
        Treatment = IntendedTreatment.Esketamine,
        Indication = ScreeningIndication.TreatmentResistantDepression,
        InductionSessions = 8,
        InductionWindowDays = 28,
        InductionMinDaysBetweenDoses = 2,
        InductionMaxSessionsPerWeek = 2,
        InductionWeekdays = [DayOfWeek.Monday, DayOfWeek.Thursday],
        MaintenanceMinDaysBetweenDoses = 7,
        MaintenanceSessionsPerReevaluation = null,
        Doses =
        [
            new DoseRule(CoursePhase.Induction, 1, 1, [56]),
            new DoseRule(CoursePhase.Induction, 2, null, [56, 84]),
            new DoseRule(CoursePhase.Maintenance, 1, null, [56, 84]),
        ],
        CheckInMinutes = 15,
        DosingMinutes = 10,
        MonitoringMinutes = 120,
        BufferMinutes = 15,
    };

    /// <summary>Esketamine, MDD with acute suicidal ideation or behaviour: 84 mg twice weekly for 4 weeks (56 mg if not tolerated).</summary>
    public static ProtocolDefinition EsketamineMddSuicidalIdeation { get; } = EsketamineTrd with
    {
        Code = "ESK-MDD-SI",
        Name = "Esketamine nasal spray, MDD with acute suicidal ideation or behavior (label)",
        Indication = ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior,
        Doses = [new DoseRule(CoursePhase.Induction, 1, null, [84, 56])],
        MaintenanceSessionsPerReevaluation = 0,
    };

    /// <summary>
    /// IV ketamine: 6 infusions over 2-3 weeks, Mon/Wed/Fri by default; 0.5 mg/kg over 40 minutes (0.1-0.75 reported);
    /// boosters after re-evaluation, at most 3 per re-evaluation (a clinic's choice, configurable).
    /// </summary>
    public static ProtocolDefinition IvKetamine { get; } = new()
    {
        Code = "IV-KETAMINE",
        Name = "IV ketamine infusion series (off-label, clinic protocol)",
        Treatment = IntendedTreatment.IvKetamine,
        Indication = ScreeningIndication.ClinicProtocol,
        InductionSessions = 6,
        InductionWindowDays = 21,
        InductionMinDaysBetweenDoses = 2,
        InductionMaxSessionsPerWeek = 3,
        InductionWeekdays = [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday],
        MaintenanceMinDaysBetweenDoses = 7,
        MaintenanceSessionsPerReevaluation = 3,
        Doses =
        [
            new DoseRule(CoursePhase.Induction, 1, null, [], 0.1m, 0.75m, 0.5m),
            new DoseRule(CoursePhase.Maintenance, 1, null, [], 0.1m, 0.75m, 0.5m),
        ],
        CheckInMinutes = 15,
        DosingMinutes = 40,
        MonitoringMinutes = 120,
        BufferMinutes = 15,
    };
}
