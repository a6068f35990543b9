using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class TrdRuleTests
{
    [Theory]
    [InlineData(true, 6, true, 49, RuleStatus.Pass)]
    [InlineData(true, 6, true, 0, RuleStatus.Pass)]
    [InlineData(false, 6, true, 49, RuleStatus.Fail)]
    [InlineData(true, 5, true, 49, RuleStatus.Fail)]
    [InlineData(true, 6, false, 49, RuleStatus.Fail)]
    [InlineData(true, 6, true, 50, RuleStatus.Fail)]
    public void Second_trial_counts_only_when_adequate_per_Spravato_label_TRD_indication(
        bool adequateDose, int weeks, bool asPrescribed, int improvementPercent, RuleStatus expected)
    {
        var second = new AntidepressantTrial("Bupropion", AntidepressantClass.Atypical, adequateDose, weeks, asPrescribed, improvementPercent);

        var rule = ScreeningInputBuilder.Eligible()
            .WithTrials(ScreeningInputBuilder.AdequateTrial(), second)
            .EvaluateRule(ScreeningRuleIds.TrdAdequateTrials);

        Assert.Equal(expected, rule.Status);
        Assert.Equal(expected == RuleStatus.Fail ? RuleConsequence.Exclusion : RuleConsequence.None, rule.Consequence);
        Assert.Equal(RuleSource.Label, rule.Source);
        Assert.StartsWith(expected == RuleStatus.Pass ? "2 different" : "1 different", rule.Explanation, StringComparison.Ordinal);
        Assert.Contains("at least 2", rule.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IntendedTreatment.Esketamine, 0, RuleStatus.Fail, RuleConsequence.Exclusion, RuleSource.Label)]
    [InlineData(IntendedTreatment.Esketamine, 1, RuleStatus.Fail, RuleConsequence.Exclusion, RuleSource.Label)]
    [InlineData(IntendedTreatment.Esketamine, 2, RuleStatus.Pass, RuleConsequence.None, RuleSource.Label)]
    [InlineData(IntendedTreatment.Esketamine, 3, RuleStatus.Pass, RuleConsequence.None, RuleSource.Label)]
    [InlineData(IntendedTreatment.IvKetamine, 0, RuleStatus.Caution, RuleConsequence.Review, RuleSource.ClinicPolicy)]
    [InlineData(IntendedTreatment.IvKetamine, 1, RuleStatus.Caution, RuleConsequence.Review, RuleSource.ClinicPolicy)]
    [InlineData(IntendedTreatment.IvKetamine, 2, RuleStatus.Pass, RuleConsequence.None, RuleSource.ClinicPolicy)]
    public void Fewer_than_two_adequate_trials_excludes_esketamine_per_label_and_needs_review_for_IV_per_clinic_policy(
        IntendedTreatment treatment, int adequateTrials, RuleStatus status, RuleConsequence consequence, RuleSource source)
    {
        var trials = Enumerable.Range(0, adequateTrials).Select(i => ScreeningInputBuilder.AdequateTrial($"Drug{i}")).ToArray();

        var rule = ScreeningInputBuilder.Eligible()
            .For(treatment)
            .WithTrials(trials)
            .EvaluateRule(ScreeningRuleIds.TrdAdequateTrials);

        Assert.Equal((status, consequence, source), (rule.Status, rule.Consequence, rule.Source));
        Assert.StartsWith($"{adequateTrials} different", rule.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void One_adequate_trial_makes_esketamine_ineligible_but_overridable_per_Spravato_label()
    {
        var verdict = ScreeningInputBuilder.Eligible().WithTrials(ScreeningInputBuilder.AdequateTrial()).Evaluate();

        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.True(verdict.ClinicianMayOverride);
        Assert.Equal(
            "1 different antidepressant drug with an adequate trial without response was found (1 drug class: SSRI) and at least 2 are needed, "
                + "so the treatment-resistant depression indication is not met.",
            verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.TrdAdequateTrials).Explanation);
    }

    [Fact]
    public void One_adequate_trial_for_IV_ketamine_needs_review_per_clinic_policy()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .For(IntendedTreatment.IvKetamine)
            .WithTrials(ScreeningInputBuilder.AdequateTrial())
            .Evaluate();

        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, verdict.Outcome);
    }

    [Fact]
    public void Trial_explanation_never_names_the_drug_per_clinic_privacy_policy()
    {
        var rule = ScreeningInputBuilder.Eligible()
            .WithTrials(ScreeningInputBuilder.AdequateTrial("Phenelzine"))
            .EvaluateRule(ScreeningRuleIds.TrdAdequateTrials);

        Assert.DoesNotContain("Phenelzine", rule.Explanation, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(DepressionDiagnosis.MajorDepressiveDisorder, RuleStatus.Pass, RuleConsequence.None)]
    [InlineData(DepressionDiagnosis.BipolarDepression, RuleStatus.Caution, RuleConsequence.Review)]
    [InlineData(DepressionDiagnosis.Other, RuleStatus.Caution, RuleConsequence.Review)]
    public void Diagnosis_other_than_MDD_needs_review_per_clinic_policy(
        DepressionDiagnosis diagnosis, RuleStatus status, RuleConsequence consequence)
    {
        var rule = ScreeningInputBuilder.Eligible().WithDiagnosis(diagnosis).EvaluateRule(ScreeningRuleIds.DxBipolar);

        Assert.Equal(status, rule.Status);
        Assert.Equal(consequence, rule.Consequence);
        Assert.Equal(RuleSource.ClinicPolicy, rule.Source);
    }

    [Theory]
    [InlineData("Sertraline", "Sertraline", 1)]
    [InlineData("Sertraline", " sertraline ", 1)]
    [InlineData("Sertraline", "SERTRALINE", 1)]
    [InlineData("Sertraline", "Escitalopram", 2)]
    public void The_same_drug_tried_twice_counts_once_per_Spravato_label_TRD_two_different_antidepressants(string first, string second, int counted)
    {
        var rule = ScreeningInputBuilder.Eligible()
            .WithTrials(ScreeningInputBuilder.AdequateTrial(first), ScreeningInputBuilder.AdequateTrial(second))
            .EvaluateRule(ScreeningRuleIds.TrdAdequateTrials);

        Assert.Equal(counted >= 2 ? RuleStatus.Pass : RuleStatus.Fail, rule.Status);
        Assert.StartsWith($"{counted} different", rule.Explanation, StringComparison.Ordinal);
        Assert.Equal(counted < 2, rule.Explanation.Contains("a drug tried more than once counts once", StringComparison.Ordinal));
    }

    [Fact]
    public void Class_diversity_is_reported_in_the_explanation_per_Spravato_label_TRD_indication()
    {
        var sameClass = ScreeningInputBuilder.Eligible()
            .WithTrials(ScreeningInputBuilder.AdequateTrial("Sertraline"), ScreeningInputBuilder.AdequateTrial("Escitalopram"))
            .EvaluateRule(ScreeningRuleIds.TrdAdequateTrials);
        var twoClasses = ScreeningInputBuilder.Eligible().EvaluateRule(ScreeningRuleIds.TrdAdequateTrials);

        Assert.Contains("(1 drug class: SSRI)", sameClass.Explanation, StringComparison.Ordinal);
        Assert.Contains("(2 drug classes: SSRI, SNRI)", twoClasses.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_two_trial_rule_does_not_apply_to_MDD_with_acute_suicidal_ideation_per_Spravato_label_indications()
    {
        var rule = ScreeningInputBuilder.Eligible()
            .ForIndication(ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior)
            .WithTrials()
            .EvaluateRule(ScreeningRuleIds.TrdAdequateTrials);

        Assert.Equal(RuleStatus.Pass, rule.Status);
        Assert.Contains("do not apply", rule.Explanation, StringComparison.Ordinal);
        Assert.Equal(RuleSource.Label, rule.Source);
    }
}
