namespace ClinicOps.Domain.Screening;

/// <summary>Clinic-policy exclusions from the medical history, and the past-substance-use caution.</summary>
internal static class ExclusionRules
{
    public static IEnumerable<RuleEvaluation> Evaluate(ConditionChecklist conditions)
    {
        yield return Exclude(ScreeningRuleIds.ExPsychosis, conditions.PsychosisOrSchizophrenia, "active psychosis or schizophrenia");
        yield return Exclude(ScreeningRuleIds.ExUncontrolledHypertension, conditions.UncontrolledHypertension, "uncontrolled high blood pressure");
        yield return Exclude(ScreeningRuleIds.ExPregnancy, conditions.Pregnancy, "a current pregnancy");
        yield return Exclude(ScreeningRuleIds.ExBreastfeeding, conditions.Breastfeeding, "current breastfeeding");
        yield return Exclude(ScreeningRuleIds.ExActiveSubstanceUse, conditions.ActiveSubstanceUseDisorder, "an active substance use disorder");
        yield return Exclude(ScreeningRuleIds.ExDementia, conditions.DementiaOrCognitiveImpairment, "dementia or significant cognitive impairment");
        yield return Exclude(ScreeningRuleIds.ExSeriousCardiovascular, conditions.SeriousCardiovascularDisease, "serious heart or blood vessel disease");
        yield return PastSubstanceUse(conditions.PastSubstanceUseDisorder);
    }

    private static RuleEvaluation Exclude(string ruleId, bool present, string condition) =>
        present
            ? RuleEvaluation.Failed(
                ruleId,
                RuleConsequence.Exclusion,
                $"The patient reports {condition}, which excludes treatment unless a clinician overrides it.",
                RuleSource.ClinicPolicy,
                Citations.ClinicExclusions)
            : RuleEvaluation.Passed(
                ruleId, $"The patient does not report {condition}.", RuleSource.ClinicPolicy, Citations.ClinicExclusions);

    private static RuleEvaluation PastSubstanceUse(bool present) =>
        present
            ? RuleEvaluation.Review(
                ScreeningRuleIds.CautionPastSubstanceUse,
                "The patient reports a past substance use disorder, and a history needs extra care from a clinician.",
                RuleSource.ClinicPolicy,
                Citations.ClinicPastSubstanceUse)
            : RuleEvaluation.Passed(
                ScreeningRuleIds.CautionPastSubstanceUse,
                "The patient does not report a past substance use disorder.",
                RuleSource.ClinicPolicy,
                Citations.ClinicPastSubstanceUse);
}
