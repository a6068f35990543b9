namespace ClinicOps.Domain.TreatmentDay;

/// <summary>One discharge check, passed or not, with one sentence for the nurse.</summary>
/// <param name="Id">Stable id, e.g. <c>MONITORING-TIME</c>.</param>
/// <param name="Passed">Whether it passes.</param>
/// <param name="Explanation">One sentence.</param>
/// <param name="Source">Where the rule comes from.</param>
public sealed record ReadinessCheck(string Id, bool Passed, string Explanation, string Source);

/// <summary>Everything readiness depends on.</summary>
/// <param name="Timeline">When dosing happened and monitoring started.</param>
/// <param name="Checkpoints">The checkpoints evaluated at <paramref name="Now"/>.</param>
/// <param name="Readings">Every reading of the session (corrections applied), in any order.</param>
/// <param name="OpenAlerts">Alerts not yet resolved by a clinician.</param>
/// <param name="Thresholds">The site's alert thresholds.</param>
/// <param name="RideConfirmed">Whether the ride home is confirmed.</param>
/// <param name="Now">When readiness is evaluated.</param>
public sealed record ReadinessInput(
    DoseTimeline Timeline,
    IReadOnlyList<CheckpointStatus> Checkpoints,
    IReadOnlyList<VitalSigns> Readings,
    int OpenAlerts,
    AlertThresholds Thresholds,
    bool RideConfirmed,
    DateTimeOffset Now);

/// <summary>
/// Whether the patient may leave: the label's two conditions (at least 2 hours since dosing, and clinically stable:
/// sedation, dissociation and respiratory depression resolved) made checkable, plus the clinic's ride rule.
/// </summary>
public static class DischargeReadiness
{
    /// <summary>Check ids.</summary>
    public const string MonitoringTime = "MONITORING-TIME", CheckpointsRecorded = "CHECKPOINTS", BloodPressure = "BP-BELOW-ALERT",
        NoOpenAlerts = "NO-OPEN-ALERTS", Sedation = "SEDATION-RESOLVED", Dissociation = "DISSOCIATION-RESOLVED", Oxygen = "SPO2", Ride = "RIDE-CONFIRMED";

    private const string Label = "Spravato prescribing information and REMS: monitor at least 2 hours and until the patient is clinically stable";

    /// <summary>Every check, in a stable order; the patient is ready when all pass.</summary>
    public static IReadOnlyList<ReadinessCheck> Evaluate(ReadinessInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var elapsed = (int)Math.Floor((input.Now - input.Timeline.ClockStartedAt).TotalMinutes);
        var minimum = input.Timeline.MonitoringMinutes;
        var readings = input.Readings.OrderBy(r => r.MeasuredAt).ToList();
        var lastBp = readings.LastOrDefault(r => r.HasBloodPressure);
        var lastMoaas = readings.LastOrDefault(r => r.Moaas is not null);
        var lastDissociation = readings.LastOrDefault(r => r.Dissociation is not null || r.CadssScore is not null);
        var lastSpO2 = readings.LastOrDefault(r => r.SpO2 is not null);
        var missing = input.Checkpoints.Where(c => !c.Met).Select(c => c.Name).ToList();
        var t = input.Thresholds;

        return
        [
            new(MonitoringTime, elapsed >= minimum,
                elapsed >= minimum
                    ? $"{elapsed} minutes of monitoring have passed; at least {minimum} are required."
                    : $"Only {Math.Max(elapsed, 0)} of the required {minimum} minutes of monitoring have passed.",
                Label),
            new(CheckpointsRecorded, missing.Count == 0,
                missing.Count == 0 ? "Every required vitals checkpoint is recorded." : $"Vitals checkpoints not recorded: {string.Join(", ", missing)}.",
                "Spravato REMS Patient Monitoring Form: blood pressure before dosing, about 40 minutes after, and before completion"),
            lastBp is { Systolic: { } s, Diastolic: { } d }
                ? new(BloodPressure, s < t.SystolicAtOrAbove && d < t.DiastolicAtOrAbove,
                    s < t.SystolicAtOrAbove && d < t.DiastolicAtOrAbove
                        ? $"The latest blood pressure, {s}/{d} mmHg, is below the alert limit of {t.SystolicAtOrAbove}/{t.DiastolicAtOrAbove} mmHg."
                        : $"The latest blood pressure, {s}/{d} mmHg, is at or above the alert limit of {t.SystolicAtOrAbove}/{t.DiastolicAtOrAbove} mmHg.",
                    "Spravato prescribing information: blood pressure can stay raised for about 4 hours")
                : new(BloodPressure, false, "No blood pressure has been recorded.", "Spravato prescribing information: blood pressure monitoring"),
            new(NoOpenAlerts, input.OpenAlerts == 0,
                input.OpenAlerts == 0 ? "No alert is open." : $"{input.OpenAlerts} alert(s) are open and must be resolved by a clinician.",
                "Clinic policy: alerts are resolved by a clinician with a note"),
            new(Sedation, lastMoaas?.Moaas == 5,
                lastMoaas is null ? "No sedation score (MOAA/S) has been recorded."
                    : lastMoaas.Moaas == 5 ? "Sedation has resolved: the latest MOAA/S is 5."
                    : $"Sedation has not resolved: the latest MOAA/S is {lastMoaas.Moaas}, and 5 is required.",
                Label),
            new(Dissociation, lastDissociation?.DissociationResolved == true,
                lastDissociation is null ? "No dissociation assessment has been recorded."
                    : lastDissociation.DissociationResolved ? "Dissociation has resolved on the latest assessment."
                    : "Dissociation has not resolved on the latest assessment.",
                Label),
            new(Oxygen, lastSpO2?.SpO2 >= t.SpO2Below,
                lastSpO2 is null ? "No oxygen saturation (SpO2) has been recorded."
                    : lastSpO2.SpO2 >= t.SpO2Below ? $"The latest SpO2, {lastSpO2.SpO2}%, is at or above {t.SpO2Below}%."
                    : $"The latest SpO2, {lastSpO2.SpO2}%, is below {t.SpO2Below}%.",
                "Spravato REMS: pulse oximetry at every session (respiratory depression)"),
            new(Ride, input.RideConfirmed,
                input.RideConfirmed ? "The ride home is confirmed." : "The ride home is not confirmed.",
                "Spravato prescribing information: no driving until the next day after a restful sleep"),
        ];
    }

    /// <summary>True when every check passes.</summary>
    public static bool IsReady(IReadOnlyList<ReadinessCheck> checks) => checks.All(c => c.Passed);

    /// <summary>
    /// For the REMS form: minutes from the clock's start until the patient would have been ready to leave without the
    /// 2-hour rule — the first reading from which sedation, dissociation, blood pressure and SpO2 stayed acceptable.
    /// Null when that never happened.
    /// </summary>
    public static int? MinutesUntilStableWithoutTwoHourRule(DoseTimeline timeline, IReadOnlyList<VitalSigns> readings, AlertThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var ordered = readings.Where(r => r.MeasuredAt >= timeline.ClockStartedAt).OrderBy(r => r.MeasuredAt).ToList();
        DateTimeOffset? stableSince = null;
        foreach (var r in ordered)
        {
            var acceptable = (r.Moaas is null || r.Moaas == 5)
                && (r.Dissociation is null && r.CadssScore is null || r.DissociationResolved)
                && (r.SpO2 is null || r.SpO2 >= thresholds.SpO2Below)
                && AlertRules.Evaluate(r, thresholds).Count == 0;
            var assessed = r.Moaas is not null;
            if (!acceptable)
            {
                stableSince = null;
            }
            else if (stableSince is null && assessed)
            {
                stableSince = r.MeasuredAt;
            }
        }

        return stableSince is { } at ? (int)Math.Ceiling((at - timeline.ClockStartedAt).TotalMinutes) : null;
    }
}
