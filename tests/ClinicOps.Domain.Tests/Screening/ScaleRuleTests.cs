using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class ScaleRuleTests
{
    [Theory]
    [InlineData(0, RuleStatus.Pass, false)]
    [InlineData(1, RuleStatus.Caution, true)]
    [InlineData(3, RuleStatus.Caution, true)]
    public void Positive_item9_is_urgent_review_per_PHQ9_scale(int item9, RuleStatus status, bool urgent)
    {
        var verdict = ScreeningInputBuilder.Eligible().WithPhq9Item9(item9).Evaluate();

        var rule = verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.Phq9Item9);
        Assert.Equal(status, rule.Status);
        Assert.Equal(status == RuleStatus.Pass ? RuleConsequence.None : RuleConsequence.Review, rule.Consequence);
        Assert.Equal(RuleSource.Scale, rule.Source);
        Assert.Equal(urgent, verdict.Urgent);
        Assert.Equal(urgent, verdict.Phq9.Item9Positive);
        Assert.Equal(16 + item9, verdict.Phq9.Total);
    }

    [Fact]
    public void Positive_item9_explanation_demands_immediate_evaluation_per_PHQ9_scale()
    {
        var rule = ScreeningInputBuilder.Eligible().WithPhq9Item9(1).EvaluateRule(ScreeningRuleIds.Phq9Item9);

        Assert.Contains("any positive item 9 needs immediate clinician evaluation", rule.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CssrsRisk.None, RuleStatus.Pass, false, ScreeningOutcome.Eligible)]
    [InlineData(CssrsRisk.Low, RuleStatus.Caution, false, ScreeningOutcome.NeedsClinicianReview)]
    [InlineData(CssrsRisk.Moderate, RuleStatus.Caution, true, ScreeningOutcome.NeedsClinicianReview)]
    [InlineData(CssrsRisk.High, RuleStatus.Caution, true, ScreeningOutcome.NeedsClinicianReview)]
    public void Any_yes_needs_review_and_moderate_or_high_is_urgent_never_exclusion_per_Columbia_screener_triage_2021(
        CssrsRisk risk, RuleStatus status, bool urgent, ScreeningOutcome outcome)
    {
        var verdict = ScreeningInputBuilder.Eligible().WithCssrs(AnswersFor(risk)).Evaluate();

        var rule = verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.CssrsRisk);
        Assert.Equal(risk, verdict.CssrsRisk);
        Assert.Equal(status, rule.Status);
        Assert.Equal(status == RuleStatus.Pass ? RuleConsequence.None : RuleConsequence.Review, rule.Consequence);
        Assert.Equal(RuleSource.Scale, rule.Source);
        Assert.Equal(urgent, verdict.Urgent);
        Assert.Equal(outcome, verdict.Outcome);
    }

    private static CssrsScreenerAnswers AnswersFor(CssrsRisk risk) => risk switch
    {
        CssrsRisk.None => new CssrsScreenerAnswers(),
        CssrsRisk.Low => new CssrsScreenerAnswers { WishToBeDead = true },
        CssrsRisk.Moderate => new CssrsScreenerAnswers
        {
            WishToBeDead = true,
            NonSpecificActiveSuicidalThoughts = true,
            ActiveIdeationWithMethods = true,
            ActiveIdeationWithIntent = false,
            ActiveIdeationWithPlanAndIntent = false,
        },
        _ => new CssrsScreenerAnswers { SuicidalBehavior = true, SuicidalBehaviorWithinPastThreeMonths = true },
    };
}
