namespace ClinicOps.Domain.Screening;

/// <summary>PHQ-9 item 9 and the C-SSRS screener: reasons for review and urgency, never exclusions.</summary>
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

    /// <summary>
    /// Columbia screener with triage: any yes needs evaluation by a behavioural-health clinician before treatment.
    /// Low (Q1 or Q2 only) is reviewed; moderate (Q3, or behaviour over 3 months ago) and high (Q4, Q5, or recent
    /// behaviour) are also urgent.
    /// </summary>
    public static RuleEvaluation Cssrs(CssrsRisk risk) => risk switch
    {
        CssrsRisk.High => RuleEvaluation.Review(
            ScreeningRuleIds.CssrsRisk,
            "The C-SSRS screener shows high suicide risk (intent, a plan, or suicidal behavior in the past 3 months), "
                + "so a clinician must evaluate the patient now and safety precautions apply.",
            RuleSource.Scale,
            Citations.CssrsScreenerTriage),
        CssrsRisk.Moderate => RuleEvaluation.Review(
            ScreeningRuleIds.CssrsRisk,
            "The C-SSRS screener shows moderate suicide risk (thoughts of a method, or suicidal behavior more than 3 months ago), "
                + "so a clinician must evaluate the patient urgently before treatment.",
            RuleSource.Scale,
            Citations.CssrsScreenerTriage),
        CssrsRisk.Low => RuleEvaluation.Review(
            ScreeningRuleIds.CssrsRisk,
            "The C-SSRS screener shows low suicide risk (a wish to be dead or non-specific suicidal thoughts in the past month), "
                + "and any yes needs a clinician's evaluation before treatment.",
            RuleSource.Scale,
            Citations.CssrsScreenerTriage),
        _ => RuleEvaluation.Passed(
            ScreeningRuleIds.CssrsRisk,
            "Every C-SSRS screener question is answered no.",
            RuleSource.Scale,
            Citations.CssrsScreenerTriage),
    };

    /// <summary>
    /// PHQ-9 item 9 (past 2 weeks) and C-SSRS Q1-Q2 (past month) both ask about thoughts of death or suicide. When one
    /// says yes and the other no, one of them is likely wrong, and the safer reading needs a clinician to decide.
    /// </summary>
    public static RuleEvaluation Agreement(Phq9Score phq9, CssrsScreenerAnswers cssrs)
    {
        var cssrsIdeation = cssrs.WishToBeDead || cssrs.NonSpecificActiveSuicidalThoughts;
        if (phq9.Item9Positive == cssrsIdeation)
        {
            return RuleEvaluation.Passed(
                ScreeningRuleIds.SuicidalityScalesDisagree,
                cssrsIdeation
                    ? "PHQ-9 item 9 and the C-SSRS screener agree: both report thoughts of death or suicide."
                    : "PHQ-9 item 9 and the C-SSRS screener agree: neither reports thoughts of death or suicide.",
                RuleSource.Scale,
                Citations.ScaleAgreement);
        }

        return RuleEvaluation.Review(
            ScreeningRuleIds.SuicidalityScalesDisagree,
            phq9.Item9Positive
                ? "PHQ-9 item 9 reports thoughts of death or self-harm but the C-SSRS screener reports none (questions 1 and 2 are no); "
                    + "one of them may be wrong, so a clinician must ask again."
                : "The C-SSRS screener reports a wish to be dead or suicidal thoughts but PHQ-9 item 9 is \"not at all\"; "
                    + "the questionnaires cover 2 weeks and 1 month, or one may be wrong, so a clinician must ask again.",
            RuleSource.Scale,
            Citations.ScaleAgreement);
    }
}
