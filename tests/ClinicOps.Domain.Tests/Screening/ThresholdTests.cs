using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class ThresholdTests
{
    [Fact]
    public void Defaults_follow_label_and_monograph_per_clinic_policy()
    {
        var defaults = ScreeningThresholds.Default;

        Assert.Equal(18, defaults.MinimumAgeYears);
        Assert.Equal(140, defaults.SystolicDeferAbove);
        Assert.Equal(90, defaults.DiastolicDeferAbove);
        Assert.Equal(2, defaults.MinimumAdequateTrials);
        Assert.Equal(6, defaults.MinimumTrialWeeks);
        Assert.Equal(50, defaults.NonResponseImprovementBelowPercent);
        Assert.Equal(new ScreeningThresholds(), defaults);
    }

    [Theory]
    [InlineData(140, 90, 145, 85, RuleStatus.Caution)]
    [InlineData(150, 90, 145, 85, RuleStatus.Pass)]
    [InlineData(150, 90, 151, 85, RuleStatus.Caution)]
    [InlineData(140, 95, 140, 95, RuleStatus.Pass)]
    [InlineData(140, 95, 140, 96, RuleStatus.Caution)]
    public void Configured_blood_pressure_limit_changes_the_result_per_clinic_policy(
        int systolicLimit, int diastolicLimit, int systolic, int diastolic, RuleStatus expected)
    {
        var thresholds = new ScreeningThresholds { SystolicDeferAbove = systolicLimit, DiastolicDeferAbove = diastolicLimit };

        var rule = ScreeningInputBuilder.Eligible()
            .WithBloodPressure(systolic, diastolic)
            .EvaluateRule(ScreeningRuleIds.BpPreTreatment, thresholds);

        Assert.Equal(expected, rule.Status);
        Assert.Contains($"{systolicLimit}/{diastolicLimit} mmHg", rule.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_blood_pressure_limit_makes_145_85_eligible_per_clinic_policy()
    {
        var builder = ScreeningInputBuilder.Eligible().WithBloodPressure(145, 85);

        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, builder.Evaluate().Outcome);
        Assert.Equal(ScreeningOutcome.Eligible, builder.Evaluate(new ScreeningThresholds { SystolicDeferAbove = 150 }).Outcome);
    }

    [Fact]
    public void Configured_minimum_age_changes_the_result_per_clinic_policy()
    {
        var builder = ScreeningInputBuilder.Eligible().BornOn(ScreeningInputBuilder.Today.AddYears(-20));

        Assert.Equal(RuleStatus.Pass, builder.EvaluateRule(ScreeningRuleIds.AgeAdult).Status);
        var rule = builder.EvaluateRule(ScreeningRuleIds.AgeAdult, new ScreeningThresholds { MinimumAgeYears = 21 });
        Assert.Equal((RuleStatus.Fail, RuleConsequence.HardStop), (rule.Status, rule.Consequence));
        Assert.Contains("under 21", rule.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 6, 50, RuleStatus.Pass)]
    [InlineData(2, 6, 50, RuleStatus.Fail)]
    [InlineData(1, 8, 50, RuleStatus.Pass)]
    [InlineData(1, 9, 50, RuleStatus.Fail)]
    [InlineData(1, 6, 46, RuleStatus.Fail)]
    [InlineData(1, 6, 45, RuleStatus.Fail)]
    [InlineData(1, 6, 47, RuleStatus.Pass)]
    public void Configured_trial_thresholds_change_the_result_per_clinic_policy(
        int minimumTrials, int minimumWeeks, int nonResponseBelow, RuleStatus expected)
    {
        var thresholds = new ScreeningThresholds
        {
            MinimumAdequateTrials = minimumTrials,
            MinimumTrialWeeks = minimumWeeks,
            NonResponseImprovementBelowPercent = nonResponseBelow,
        };
        var trial = new AntidepressantTrial("Duloxetine", AntidepressantClass.Snri, true, 8, true, 46);

        var rule = ScreeningInputBuilder.Eligible()
            .WithTrials(trial)
            .EvaluateRule(ScreeningRuleIds.TrdAdequateTrials, thresholds);

        Assert.Equal(expected, rule.Status);
        Assert.Contains($"at least {minimumTrials}", rule.Explanation, StringComparison.Ordinal);
    }
}
