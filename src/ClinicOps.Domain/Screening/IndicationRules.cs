namespace ClinicOps.Domain.Screening;

/// <summary>The indication screened for: whether the answers support it, and what it requires alongside.</summary>
internal static class IndicationRules
{
    public static IEnumerable<RuleEvaluation> Evaluate(ScreeningInput input, bool suicidalityShown)
    {
        yield return Indication(input.Indication, suicidalityShown);
        yield return OralAntidepressant(input);
    }

    private static RuleEvaluation Indication(ScreeningIndication indication, bool suicidalityShown) => indication switch
    {
        ScreeningIndication.TreatmentResistantDepression => RuleEvaluation.Passed(
            ScreeningRuleIds.Indication,
            "Screened for treatment-resistant depression, a labelled indication of esketamine.",
            RuleSource.Label,
            Citations.SpravatoTrdIndication),
        ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior => RuleEvaluation.Review(
            ScreeningRuleIds.Indication,
            "Screened for major depressive disorder with acute suicidal ideation or behavior (84 mg twice weekly for 4 weeks, "
                + "with an oral antidepressant), so a clinician must evaluate the patient now and confirm the indication"
                + (suicidalityShown
                    ? "."
                    : "; yet neither PHQ-9 item 9 nor the C-SSRS screener shows suicidal ideation or behavior, so the answers do not support it."),
            RuleSource.Label,
            Citations.SpravatoMddSuicidalIdeationIndication),
        _ => RuleEvaluation.Passed(
            ScreeningRuleIds.Indication,
            "Screened for IV ketamine under the clinic's protocol (off-label).",
            RuleSource.ClinicPolicy,
            Citations.ClinicIvProtocol),
    };

    private static RuleEvaluation OralAntidepressant(ScreeningInput input) => input.Indication switch
    {
        ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior when input.TakingOralAntidepressant => RuleEvaluation.Passed(
            ScreeningRuleIds.OralAntidepressant,
            "The patient takes an oral antidepressant, which this indication requires alongside esketamine.",
            RuleSource.Label,
            Citations.SpravatoMddSuicidalIdeationIndication),
        ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior => RuleEvaluation.Review(
            ScreeningRuleIds.OralAntidepressant,
            "The patient takes no oral antidepressant, and this indication is labelled only together with one, so a clinician must review the plan.",
            RuleSource.Label,
            Citations.SpravatoMddSuicidalIdeationIndication),
        ScreeningIndication.TreatmentResistantDepression => RuleEvaluation.Passed(
            ScreeningRuleIds.OralAntidepressant,
            input.TakingOralAntidepressant
                ? "The patient takes an oral antidepressant alongside esketamine."
                : "The patient takes no oral antidepressant; esketamine for treatment-resistant depression may be used as monotherapy.",
            RuleSource.Label,
            Citations.SpravatoMonotherapy),
        _ => RuleEvaluation.Passed(
            ScreeningRuleIds.OralAntidepressant,
            "The clinic's IV ketamine protocol does not require an oral antidepressant alongside.",
            RuleSource.ClinicPolicy,
            Citations.ClinicIvProtocol),
    };
}
