using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Application.Protocols;

/// <summary>A protocol of the catalog. Retired protocols stay readable (courses refer to them) and start no new course.</summary>
/// <param name="Id" example="9a000000-0000-4000-8000-000000000001">Stable protocol id; the three seeded protocols have fixed ids.</param>
/// <param name="Code" example="ESK-TRD">Short unique code.</param>
/// <param name="Name" example="Esketamine nasal spray, treatment-resistant depression (label)">Display name.</param>
/// <param name="Treatment" example="Esketamine">The treatment given.</param>
/// <param name="Indication" example="TreatmentResistantDepression">The indication it treats; a course needs a cleared screening for the same one.</param>
/// <param name="InductionSessions" example="8">Sessions in the induction series.</param>
/// <param name="InductionWindowDays" example="28">Days from the first induction session within which the series is planned.</param>
/// <param name="InductionMinDaysBetweenDoses" example="2">Fewest calendar days between two induction doses.</param>
/// <param name="InductionMaxSessionsPerWeek" example="2">Most induction sessions in one Monday-Sunday week.</param>
/// <param name="InductionWeekdays" example='["Monday", "Thursday"]'>Default weekdays of the induction series.</param>
/// <param name="MaintenanceMinDaysBetweenDoses" example="7">Fewest calendar days between two maintenance doses.</param>
/// <param name="MaintenanceSessionsPerReevaluation" example="3">Maintenance sessions one re-evaluation may open at most; null when the clinician decides, 0 for no maintenance.</param>
/// <param name="Doses">Doses allowed per phase and session number.</param>
/// <param name="CheckInMinutes" example="15">Minutes for check-in and pre-dose checks.</param>
/// <param name="DosingMinutes" example="10">Minutes of dosing.</param>
/// <param name="MonitoringMinutes" example="120">Minutes of post-dose monitoring at least (esketamine REMS: 120).</param>
/// <param name="BufferMinutes" example="15">Minutes to turn the chair around.</param>
/// <param name="SessionLengthMinutes" example="165">How long a session holds a chair: check-in, dosing, monitoring and buffer, rounded up to the 15-minute grid.</param>
/// <param name="IsRetired" example="false">True once retired.</param>
/// <param name="RetiredAt" example="2026-11-22T16:00:00+00:00">When it was retired (UTC), or null.</param>
/// <param name="RetirementReason" example="Replaced by the 2027 clinic protocol.">Why it was retired, or null.</param>
/// <param name="CreatedAt" example="2026-11-22T00:00:00+00:00">When it was added to the catalog (UTC).</param>
/// <param name="UpdatedAt" example="2026-11-22T00:00:00+00:00">When it last changed (UTC).</param>
/// <param name="Version" example="1">Record version; the ETag header carries the same value.</param>
public sealed record ProtocolResponse(
    Guid Id,
    string Code,
    string Name,
    IntendedTreatment Treatment,
    ScreeningIndication Indication,
    int InductionSessions,
    int InductionWindowDays,
    int InductionMinDaysBetweenDoses,
    int InductionMaxSessionsPerWeek,
    IReadOnlyList<Weekday> InductionWeekdays,
    int MaintenanceMinDaysBetweenDoses,
    int? MaintenanceSessionsPerReevaluation,
    IReadOnlyList<DoseRuleResponse> Doses,
    int CheckInMinutes,
    int DosingMinutes,
    int MonitoringMinutes,
    int BufferMinutes,
    int SessionLengthMinutes,
    bool IsRetired,
    DateTimeOffset? RetiredAt,
    string? RetirementReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    internal static ProtocolResponse From(TreatmentProtocol p) => new(
        p.Id,
        p.Code,
        p.Name,
        p.Treatment,
        p.Indication,
        p.InductionSessions,
        p.InductionWindowDays,
        p.InductionMinDaysBetweenDoses,
        p.InductionMaxSessionsPerWeek,
        [.. p.InductionWeekdays.Select(d => (Weekday)d)],
        p.MaintenanceMinDaysBetweenDoses,
        p.MaintenanceSessionsPerReevaluation,
        [.. p.Doses.Select(DoseRuleResponse.From)],
        p.CheckInMinutes,
        p.DosingMinutes,
        p.MonitoringMinutes,
        p.BufferMinutes,
        (int)p.SessionLength.TotalMinutes,
        p.RetiredAt is not null,
        p.RetiredAt,
        p.RetirementReason,
        p.CreatedAt,
        p.UpdatedAt,
        p.Version);
}

/// <summary>Doses a protocol allows in a phase, for a range of session numbers.</summary>
/// <param name="Phase" example="Induction">Induction or Maintenance.</param>
/// <param name="FirstSession" example="2">First session number the rule covers (1-based within the phase).</param>
/// <param name="LastSession" example="8">Last session number covered; null for "and every later one".</param>
/// <param name="MilligramOptions" example="[56, 84]">Fixed doses allowed, in mg (esketamine: multiples of one 28 mg device); empty for weight-based dosing.</param>
/// <param name="MgPerKgMin" example="0.1">Weight-based dosing: lowest mg/kg; null for fixed doses.</param>
/// <param name="MgPerKgMax" example="0.75">Weight-based dosing: highest mg/kg; null for fixed doses.</param>
/// <param name="MgPerKgDefault" example="0.5">Weight-based dosing: usual mg/kg; null for fixed doses.</param>
public sealed record DoseRuleResponse(
    CoursePhase Phase, int FirstSession, int? LastSession, IReadOnlyList<int> MilligramOptions,
    decimal? MgPerKgMin, decimal? MgPerKgMax, decimal? MgPerKgDefault)
{
    internal static DoseRuleResponse From(DoseRule rule) => new(
        rule.Phase, rule.FirstSession, rule.LastSession, [.. rule.MilligramOptions], rule.MgPerKgMin, rule.MgPerKgMax, rule.MgPerKgDefault);
}
