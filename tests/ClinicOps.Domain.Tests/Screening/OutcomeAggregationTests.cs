using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class OutcomeAggregationTests
{
    [Fact]
    public void Clean_intake_is_eligible_per_Spravato_label_and_clinic_policy()
    {
        var verdict = ScreeningInputBuilder.Eligible().Evaluate();

        Assert.Equal(ScreeningOutcome.Eligible, verdict.Outcome);
        Assert.False(verdict.Urgent);
        Assert.False(verdict.HasHardStop);
        Assert.False(verdict.ClinicianMayOverride);
        Assert.All(verdict.Rules, r => Assert.Equal((RuleStatus.Pass, RuleConsequence.None), (r.Status, r.Consequence)));
        Assert.Equal("2026.11.2", verdict.RuleSetVersion);
        Assert.Equal(new Phq9Score(16, Phq9Severity.ModeratelySevere, false), verdict.Phq9);
        Assert.Equal(CssrsRisk.None, verdict.CssrsRisk);
    }

    [Fact]
    public void Hard_stop_is_ineligible_without_override_per_Spravato_label_contraindications()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithConditions(c => c with { IntracerebralHemorrhageHistory = true })
            .Evaluate();

        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.True(verdict.HasHardStop);
        Assert.False(verdict.ClinicianMayOverride);
    }

    [Fact]
    public void Hard_stop_with_exclusion_still_allows_no_override_per_Spravato_label()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithConditions(c => c with { AneurysmalVascularDiseaseOrAvm = true, Pregnancy = true })
            .WithoutRide()
            .Evaluate();

        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.False(verdict.ClinicianMayOverride);
    }

    [Fact]
    public void Exclusion_only_is_ineligible_with_override_per_clinic_policy()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithConditions(c => c with { Breastfeeding = true })
            .WithoutRide()
            .Evaluate();

        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.False(verdict.HasHardStop);
        Assert.True(verdict.ClinicianMayOverride);
    }

    [Fact]
    public void Caution_only_needs_clinician_review_per_clinic_policy()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithBloodPressure(150, 95)
            .WithConditions(c => c with { PastSubstanceUseDisorder = true })
            .Evaluate();

        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, verdict.Outcome);
        Assert.False(verdict.Urgent);
        Assert.True(verdict.ClinicianMayOverride);
        Assert.Equal(2, verdict.Rules.Count(r => r.Status == RuleStatus.Caution));
    }

    [Fact]
    public void Urgent_with_otherwise_clean_intake_needs_review_per_PHQ9_and_CSSRS_scales()
    {
        var verdict = ScreeningInputBuilder.Eligible().WithPhq9Item9(2).WithHighCssrsRisk().Evaluate();

        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, verdict.Outcome);
        Assert.True(verdict.Urgent);
        Assert.True(verdict.ClinicianMayOverride);
        Assert.Equal(
            [ScreeningRuleIds.Phq9Item9, ScreeningRuleIds.CssrsRisk],
            verdict.Rules.Where(r => r.Status != RuleStatus.Pass).Select(r => r.RuleId));
    }

    [Fact]
    public void Urgent_with_hard_stop_stays_ineligible_and_urgent_per_Spravato_label_and_CSSRS_scale()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithHighCssrsRisk()
            .WithConditions(c => c with { HypersensitivityToKetamineOrEsketamine = true })
            .Evaluate();

        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.True(verdict.Urgent);
        Assert.True(verdict.HasHardStop);
        Assert.False(verdict.ClinicianMayOverride);
    }

    [Fact]
    public void Urgent_with_exclusion_stays_ineligible_and_overridable_per_clinic_policy_and_PHQ9_scale()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithPhq9Item9(1)
            .WithConditions(c => c with { Pregnancy = true })
            .Evaluate();

        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.True(verdict.Urgent);
        Assert.True(verdict.ClinicianMayOverride);
    }

    [Fact]
    public void Invalid_PHQ9_answers_are_rejected_per_PHQ9_scale()
    {
        var builder = ScreeningInputBuilder.Eligible().WithPhq9(1, 1, 1);

        Assert.Throws<ArgumentException>(() => builder.Evaluate());
    }
}
