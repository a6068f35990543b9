using ClinicOps.Domain.Patients;

namespace ClinicOps.Domain.TreatmentDay;

/// <summary>What the REMS form needs besides the session.</summary>
/// <param name="Patient">The patient.</param>
/// <param name="ClinicName">The site's name.</param>
/// <param name="SiteCertificationReference">The site's REMS certification reference.</param>
/// <param name="PatientEnrollmentReference">The patient's REMS enrollment reference.</param>
/// <param name="FirstTreatment">The patient's first treatment session.</param>
/// <param name="TreatmentDate">Local date of the session at the site.</param>
/// <param name="Readings">The readings that stand.</param>
/// <param name="Alerts">Every alert of the session.</param>
/// <param name="Thresholds">The site's alert thresholds.</param>
/// <param name="PreDoseLimit">The clinic's pre-treatment blood pressure limit (systolic, diastolic).</param>
/// <param name="SeriousAdverseEvent">A serious adverse event was reported.</param>
/// <param name="AdverseEventNote">The note on it.</param>
public sealed record RemsFormContext(
    Patient Patient,
    string ClinicName,
    string? SiteCertificationReference,
    string? PatientEnrollmentReference,
    bool FirstTreatment,
    DateOnly TreatmentDate,
    IReadOnlyList<VitalSigns> Readings,
    IReadOnlyList<AlertKind> Alerts,
    AlertThresholds Thresholds,
    (int Systolic, int Diastolic) PreDoseLimit,
    bool SeriousAdverseEvent,
    string? AdverseEventNote);

/// <summary>Fills the REMS Patient Monitoring Form from an ended session: a pure function of what was recorded.</summary>
public static class RemsFormBuilder
{
    /// <summary>The form of <paramref name="session"/>, which has ended.</summary>
    public static RemsMonitoringForm Build(TreatmentSession session, RemsFormContext context)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(context);
        var end = session.End ?? throw new InvalidOperationException("The REMS form is filled once the session has ended.");
        var timeline = session.Timeline;
        var readings = context.Readings.OrderBy(r => r.MeasuredAt).ToList();
        var pressures = readings.Where(r => r.HasBloodPressure).ToList();
        var dosingAt = session.DosingStartedAt;
        var preDose = pressures.LastOrDefault(r => dosingAt is null || r.MeasuredAt < dosingAt);
        var forty = timeline is null ? null
            : pressures.FirstOrDefault(r => r.MeasuredAt >= timeline.ClockStartedAt.AddMinutes(session.CheckpointPlan.AfterDoseWindowFrom)
                && r.MeasuredAt <= timeline.ClockStartedAt.AddMinutes(session.CheckpointPlan.AfterDoseWindowTo));
        var last = pressures.LastOrDefault(r => dosingAt is not null && r.MeasuredAt >= dosingAt);
        var afterDose = readings.Where(r => timeline is not null && r.MeasuredAt >= timeline.ClockStartedAt).ToList();
        var preDoseOverridden = session.Overrides.Any(o => o.Check == DosingChecks.PreDoseBloodPressure);
        var checks = end.Checks.ToDictionary(c => c.Id, c => c.Passed);

        return new RemsMonitoringForm(
            $"{context.Patient.GivenName} {context.Patient.FamilyName}",
            context.Patient.DateOfBirth,
            context.Patient.Sex.ToString(),
            context.FirstTreatment,
            context.PatientEnrollmentReference,
            context.SiteCertificationReference,
            session.CheckIn.Medications,
            session.CheckIn.SupervisingPrescriber,
            context.ClinicName,
            context.TreatmentDate,
            session.Dose?.DoseMg ?? 0,
            [.. session.Dose?.Devices.Select(d => d.LotNumber) ?? []],
            timeline is null ? 0 : Math.Max(0, (int)Math.Floor((end.At - timeline.ClockStartedAt).TotalMinutes)),
            timeline is null ? null : DischargeReadiness.MinutesUntilStableWithoutTwoHourRule(timeline, readings, context.Thresholds),
            preDose is { Systolic: { } s, Diastolic: { } d } && ((s <= context.PreDoseLimit.Systolic && d <= context.PreDoseLimit.Diastolic) || preDoseOverridden),
            checks.GetValueOrDefault(DischargeReadiness.BloodPressure) && checks.GetValueOrDefault(DischargeReadiness.Oxygen),
            Pressure(preDose),
            Pressure(forty),
            Pressure(last),
            afterDose.Any(r => r.Moaas is < 5),
            afterDose.Any(r => (r.Dissociation is not null || r.CadssScore is not null) && !r.DissociationResolved),
            context.Alerts.Any(a => a is AlertKind.LowOxygenSaturation or AlertKind.LowRespiratoryRate),
            context.SeriousAdverseEvent,
            context.AdverseEventNote,
            end.EarlyDeparture,
            end.Reason);
    }

    private static CheckpointPressure? Pressure(VitalSigns? reading) =>
        reading is { Systolic: { } s, Diastolic: { } d } ? new CheckpointPressure(reading.MeasuredAt, s, d) : null;
}
