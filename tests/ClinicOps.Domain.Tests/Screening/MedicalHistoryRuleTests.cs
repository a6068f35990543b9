using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class MedicalHistoryRuleTests
{
    [Theory]
    [InlineData(ScreeningRuleIds.CiAneurysmalVascularDisease, IntendedTreatment.Esketamine, RuleConsequence.HardStop, RuleSource.Label)]
    [InlineData(ScreeningRuleIds.CiIntracerebralHemorrhage, IntendedTreatment.Esketamine, RuleConsequence.HardStop, RuleSource.Label)]
    [InlineData(ScreeningRuleIds.CiHypersensitivity, IntendedTreatment.Esketamine, RuleConsequence.HardStop, RuleSource.Label)]
    [InlineData(ScreeningRuleIds.CiAneurysmalVascularDisease, IntendedTreatment.IvKetamine, RuleConsequence.Exclusion, RuleSource.ClinicPolicy)]
    [InlineData(ScreeningRuleIds.CiIntracerebralHemorrhage, IntendedTreatment.IvKetamine, RuleConsequence.Exclusion, RuleSource.ClinicPolicy)]
    [InlineData(ScreeningRuleIds.CiHypersensitivity, IntendedTreatment.IvKetamine, RuleConsequence.HardStop, RuleSource.Label)]
    public void Contraindication_fails_per_Spravato_label_or_clinic_policy_for_IV(
        string ruleId, IntendedTreatment treatment, RuleConsequence consequence, RuleSource source)
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .For(treatment)
            .WithConditions(ConditionSetters.For(ruleId))
            .Evaluate();

        var rule = verdict.Rules.Single(r => r.RuleId == ruleId);
        Assert.Equal(RuleStatus.Fail, rule.Status);
        Assert.Equal(consequence, rule.Consequence);
        Assert.Equal(source, rule.Source);
        Assert.Contains("Contraindications", rule.Citation, StringComparison.Ordinal);
        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.Equal(consequence == RuleConsequence.HardStop, verdict.HasHardStop);
        Assert.Equal(consequence != RuleConsequence.HardStop, verdict.ClinicianMayOverride);
        Assert.Single(verdict.Rules, r => r.Status != RuleStatus.Pass);
    }

    [Fact]
    public void Esketamine_contraindication_cites_Spravato_label()
    {
        var rule = ScreeningInputBuilder.Eligible()
            .WithConditions(c => c with { HypersensitivityToKetamineOrEsketamine = true })
            .EvaluateRule(ScreeningRuleIds.CiHypersensitivity);

        Assert.Equal("Spravato prescribing information, Contraindications", rule.Citation);
    }

    [Theory]
    [InlineData(ScreeningRuleIds.ExPsychosis, IntendedTreatment.Esketamine)]
    [InlineData(ScreeningRuleIds.ExUncontrolledHypertension, IntendedTreatment.Esketamine)]
    [InlineData(ScreeningRuleIds.ExPregnancy, IntendedTreatment.Esketamine)]
    [InlineData(ScreeningRuleIds.ExBreastfeeding, IntendedTreatment.Esketamine)]
    [InlineData(ScreeningRuleIds.ExActiveSubstanceUse, IntendedTreatment.Esketamine)]
    [InlineData(ScreeningRuleIds.ExDementia, IntendedTreatment.Esketamine)]
    [InlineData(ScreeningRuleIds.ExSeriousCardiovascular, IntendedTreatment.Esketamine)]
    [InlineData(ScreeningRuleIds.ExPsychosis, IntendedTreatment.IvKetamine)]
    [InlineData(ScreeningRuleIds.ExUncontrolledHypertension, IntendedTreatment.IvKetamine)]
    [InlineData(ScreeningRuleIds.ExPregnancy, IntendedTreatment.IvKetamine)]
    [InlineData(ScreeningRuleIds.ExBreastfeeding, IntendedTreatment.IvKetamine)]
    [InlineData(ScreeningRuleIds.ExActiveSubstanceUse, IntendedTreatment.IvKetamine)]
    [InlineData(ScreeningRuleIds.ExDementia, IntendedTreatment.IvKetamine)]
    [InlineData(ScreeningRuleIds.ExSeriousCardiovascular, IntendedTreatment.IvKetamine)]
    public void Exclusion_makes_patient_ineligible_but_overridable_per_clinic_policy(string ruleId, IntendedTreatment treatment)
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .For(treatment)
            .WithConditions(ConditionSetters.For(ruleId))
            .Evaluate();

        var rule = verdict.Rules.Single(r => r.RuleId == ruleId);
        Assert.Equal(RuleStatus.Fail, rule.Status);
        Assert.Equal(RuleConsequence.Exclusion, rule.Consequence);
        Assert.Equal(RuleSource.ClinicPolicy, rule.Source);
        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.False(verdict.HasHardStop);
        Assert.True(verdict.ClinicianMayOverride);
        Assert.Single(verdict.Rules, r => r.Status != RuleStatus.Pass);
    }

    [Fact]
    public void Past_substance_use_needs_review_per_clinic_policy()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithConditions(c => c with { PastSubstanceUseDisorder = true })
            .Evaluate();

        var rule = verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.CautionPastSubstanceUse);
        Assert.Equal((RuleStatus.Caution, RuleConsequence.Review, RuleSource.ClinicPolicy), (rule.Status, rule.Consequence, rule.Source));
        Assert.Contains("history needs extra care", rule.Explanation, StringComparison.Ordinal);
        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, verdict.Outcome);
    }
}
