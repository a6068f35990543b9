namespace ClinicOps.Domain.Screening;

/// <summary>
/// A correction can never clear a patient whose screening was not cleared: such a correction always waits for a
/// clinician, however clean its answers. Correcting a cleared screening stays as easy as a first screening.
/// </summary>
internal static class CorrectionRules
{
    public static RuleEvaluation Evaluate(PriorScreening? prior) => prior switch
    {
        null => RuleEvaluation.Passed(
            ScreeningRuleIds.CorrectionOfUncleared,
            "This is the patient's first screening; it corrects none.",
            RuleSource.ClinicPolicy,
            Citations.ClinicCorrectionPolicy),
        { ClearedForTreatment: true } => RuleEvaluation.Passed(
            ScreeningRuleIds.CorrectionOfUncleared,
            "This screening corrects one that had cleared the patient for treatment.",
            RuleSource.ClinicPolicy,
            Citations.ClinicCorrectionPolicy),
        _ => RuleEvaluation.Review(
            ScreeningRuleIds.CorrectionOfUncleared,
            "This screening corrects one that had not cleared the patient for treatment, so a clinician must review what changed "
                + "before the patient can be cleared.",
            RuleSource.ClinicPolicy,
            Citations.ClinicCorrectionPolicy),
    };
}
