using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class SuicidalityScaleTests
{
    [Fact]
    public void Wish_to_be_dead_and_active_thoughts_with_item9_zero_need_review_per_Columbia_screener_triage_2021()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithCssrs(new CssrsScreenerAnswers
            {
                WishToBeDead = true,
                NonSpecificActiveSuicidalThoughts = true,
                ActiveIdeationWithMethods = false,
                ActiveIdeationWithIntent = false,
                ActiveIdeationWithPlanAndIntent = false,
            })
            .Evaluate();

        Assert.Equal(CssrsRisk.Low, verdict.CssrsRisk);
        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, verdict.Outcome);
        Assert.False(verdict.Urgent);
        Assert.Equal(RuleStatus.Caution, verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.CssrsRisk).Status);
        Assert.Equal(RuleStatus.Caution, verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.SuicidalityScalesDisagree).Status);
    }

    [Theory]
    [InlineData(0, false, false, RuleStatus.Pass, "neither reports")]
    [InlineData(1, true, false, RuleStatus.Pass, "both report")]
    [InlineData(1, false, true, RuleStatus.Pass, "both report")]
    [InlineData(2, false, false, RuleStatus.Caution, "the C-SSRS screener reports none")]
    [InlineData(0, true, false, RuleStatus.Caution, "PHQ-9 item 9 is \"not at all\"")]
    [InlineData(0, false, true, RuleStatus.Caution, "PHQ-9 item 9 is \"not at all\"")]
    public void Item9_and_CSSRS_questions_1_and_2_disagreeing_is_a_finding_per_PHQ9_and_Columbia_screener(
        int item9, bool wishToBeDead, bool activeThoughts, RuleStatus status, string explanation)
    {
        var rule = ScreeningInputBuilder.Eligible()
            .WithPhq9Item9(item9)
            .WithCssrs(new CssrsScreenerAnswers
            {
                WishToBeDead = wishToBeDead,
                NonSpecificActiveSuicidalThoughts = activeThoughts,
                ActiveIdeationWithMethods = activeThoughts ? false : null,
                ActiveIdeationWithIntent = activeThoughts ? false : null,
                ActiveIdeationWithPlanAndIntent = activeThoughts ? false : null,
            })
            .EvaluateRule(ScreeningRuleIds.SuicidalityScalesDisagree);

        Assert.Equal(status, rule.Status);
        Assert.Equal(status == RuleStatus.Pass ? RuleConsequence.None : RuleConsequence.Review, rule.Consequence);
        Assert.Contains(explanation, rule.Explanation, StringComparison.Ordinal);
        Assert.Equal(RuleSource.Scale, rule.Source);
    }

    [Fact]
    public void Behavior_only_long_ago_is_moderate_and_urgent_but_no_scale_disagreement_per_Columbia_screener_triage_2021()
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .WithCssrs(new CssrsScreenerAnswers { SuicidalBehavior = true, SuicidalBehaviorWithinPastThreeMonths = false })
            .Evaluate();

        Assert.Equal(CssrsRisk.Moderate, verdict.CssrsRisk);
        Assert.True(verdict.Urgent);
        Assert.Equal(RuleStatus.Pass, verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.SuicidalityScalesDisagree).Status);
    }
}
