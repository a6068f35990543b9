namespace ClinicOps.Domain.Screening;

/// <summary>Blood pressure, concomitant medications and the ride home.</summary>
internal static class TreatmentDayRules
{
    private static readonly (string RuleId, ConcomitantMedicationClass Class, string Name, string Risk)[] _medications =
    [
        (ScreeningRuleIds.MedBenzodiazepine, ConcomitantMedicationClass.Benzodiazepine, "a benzodiazepine", "can deepen sedation"),
        (ScreeningRuleIds.MedNonBenzoSedativeHypnotic, ConcomitantMedicationClass.NonBenzodiazepineSedativeHypnotic,
            "a non-benzodiazepine sleep medicine (sedative-hypnotic)", "can deepen sedation"),
        (ScreeningRuleIds.MedPsychostimulant, ConcomitantMedicationClass.Psychostimulant, "a psychostimulant", "can raise blood pressure"),
        (ScreeningRuleIds.MedMaoi, ConcomitantMedicationClass.Maoi, "an MAO inhibitor (MAOI)", "can raise blood pressure"),
        (ScreeningRuleIds.MedOpioid, ConcomitantMedicationClass.Opioid, "an opioid", "can deepen sedation and slow breathing"),
    ];

    public static RuleEvaluation BloodPressure(BloodPressure reading, ScreeningThresholds thresholds)
    {
        var limit = $"{thresholds.SystolicDeferAbove}/{thresholds.DiastolicDeferAbove} mmHg";
        var above = reading.Systolic > thresholds.SystolicDeferAbove || reading.Diastolic > thresholds.DiastolicDeferAbove;
        return above
            ? RuleEvaluation.Review(
                ScreeningRuleIds.BpPreTreatment,
                $"Blood pressure {reading} mmHg is above the clinic limit of {limit}, so treatment should be deferred until a clinician reviews it.",
                RuleSource.ClinicPolicy,
                Citations.BloodPressureMonograph)
            : RuleEvaluation.Passed(
                ScreeningRuleIds.BpPreTreatment,
                $"Blood pressure {reading} mmHg is within the clinic limit of {limit}.",
                RuleSource.ClinicPolicy,
                Citations.BloodPressureMonograph);
    }

    public static IEnumerable<RuleEvaluation> Medications(IReadOnlyCollection<ConcomitantMedicationClass> current)
    {
        foreach (var (ruleId, medicationClass, name, risk) in _medications)
        {
            yield return current.Contains(medicationClass)
                ? RuleEvaluation.Review(
                    ruleId,
                    $"The patient takes {name}, which {risk} during treatment, so a clinician must review it.",
                    RuleSource.Rems,
                    Citations.RemsMonitoringForm)
                : RuleEvaluation.Passed(
                    ruleId, $"The patient does not take {name}.", RuleSource.Rems, Citations.RemsMonitoringForm);
        }
    }

    public static RuleEvaluation Transportation(TransportationPlan plan) =>
        plan == TransportationPlan.RideArranged
            ? RuleEvaluation.Passed(
                ScreeningRuleIds.TransportRide,
                "A ride home is arranged, since the patient may not drive until the next day.",
                RuleSource.Label,
                Citations.NoDriving)
            : RuleEvaluation.Review(
                ScreeningRuleIds.TransportRide,
                "No ride home is arranged, and the patient may not drive until the next day after a restful sleep.",
                RuleSource.Label,
                Citations.NoDriving);
}
