namespace ClinicOps.Domain.Screening;

/// <summary>
/// Label contraindications of esketamine. For esketamine each is a hard stop. For IV ketamine hypersensitivity is a
/// hard stop (ketamine label), while aneurysmal vascular disease and intracerebral hemorrhage are exclusions that
/// clinics copy from the esketamine label.
/// </summary>
internal static class ContraindicationRules
{
    private static readonly Basis _spravatoHardStop =
        new(RuleConsequence.HardStop, RuleSource.Label, Citations.SpravatoContraindications);

    private static readonly Basis _ketamineHardStop =
        new(RuleConsequence.HardStop, RuleSource.Label, Citations.KetamineContraindications);

    private static readonly Basis _clinicExclusion =
        new(RuleConsequence.Exclusion, RuleSource.ClinicPolicy, Citations.ClinicCopiesSpravatoContraindications);

    public static IEnumerable<RuleEvaluation> Evaluate(ScreeningInput input)
    {
        var conditions = input.Conditions;
        var esketamine = input.Treatment == IntendedTreatment.Esketamine;

        yield return Check(
            ScreeningRuleIds.CiAneurysmalVascularDisease,
            conditions.AneurysmalVascularDiseaseOrAvm,
            "aneurysmal vascular disease or an arteriovenous malformation",
            "No aneurysmal vascular disease or arteriovenous malformation was reported.",
            esketamine ? _spravatoHardStop : _clinicExclusion);
        yield return Check(
            ScreeningRuleIds.CiIntracerebralHemorrhage,
            conditions.IntracerebralHemorrhageHistory,
            "a history of bleeding in the brain (intracerebral hemorrhage)",
            "No history of bleeding in the brain (intracerebral hemorrhage) was reported.",
            esketamine ? _spravatoHardStop : _clinicExclusion);
        yield return Check(
            ScreeningRuleIds.CiHypersensitivity,
            conditions.HypersensitivityToKetamineOrEsketamine,
            "an allergy (hypersensitivity) to ketamine, esketamine or an ingredient",
            "No allergy (hypersensitivity) to ketamine, esketamine or an ingredient was reported.",
            esketamine ? _spravatoHardStop : _ketamineHardStop);
    }

    private static RuleEvaluation Check(string ruleId, bool present, string condition, string clear, Basis basis)
    {
        if (!present)
        {
            return RuleEvaluation.Passed(ruleId, clear, basis.Source, basis.Citation);
        }

        var explanation = basis.Consequence == RuleConsequence.HardStop
            ? $"The patient reports {condition}, which rules out this treatment."
            : $"The patient reports {condition}, which excludes this treatment unless a clinician overrides it.";
        return RuleEvaluation.Failed(ruleId, basis.Consequence, explanation, basis.Source, basis.Citation);
    }

    private sealed record Basis(RuleConsequence Consequence, RuleSource Source, string Citation);
}
