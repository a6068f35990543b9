namespace ClinicOps.Domain.Screening;

/// <summary>PHQ-9 item 9 and C-SSRS risk: reasons for urgency and review, never exclusions.</summary>
internal static class ScaleRules
{
    public static RuleEvaluation Item9(Phq9Score phq9) =>
        phq9.Item9Positive
            ? RuleEvaluation.Review(
                ScreeningRuleIds.Phq9Item9,
                "PHQ-9 item 9 (thoughts of self-harm) is positive, and any positive item 9 needs immediate clinician evaluation.",
                RuleSource.Scale,
                Citations.Phq9Item9)
            : RuleEvaluation.Passed(
                ScreeningRuleIds.Phq9Item9,
                "PHQ-9 item 9 (thoughts of self-harm) is answered \"not at all\".",
                RuleSource.Scale,
                Citations.Phq9Item9);

    public static RuleEvaluation Cssrs(CssrsRisk risk) => risk switch
    {
        CssrsRisk.High => RuleEvaluation.Review(
            ScreeningRuleIds.CssrsRisk,
            "The C-SSRS screener shows high suicide risk, so a clinician must see the patient now.",
            RuleSource.Scale,
            Citations.CssrsScreener),
        CssrsRisk.Moderate => RuleEvaluation.Review(
            ScreeningRuleIds.CssrsRisk,
            "The C-SSRS screener shows moderate suicide risk, so a clinician must review it before treatment.",
            RuleSource.Scale,
            Citations.CssrsScreener),
        _ => RuleEvaluation.Passed(
            ScreeningRuleIds.CssrsRisk,
            $"The C-SSRS screener shows {(risk == CssrsRisk.Low ? "low" : "no")} suicide risk.",
            RuleSource.Scale,
            Citations.CssrsScreener),
    };
}
