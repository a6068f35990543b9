using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class IndicationRuleTests
{
    [Theory]
    [InlineData(IntendedTreatment.Esketamine, ScreeningIndication.TreatmentResistantDepression, true)]
    [InlineData(IntendedTreatment.Esketamine, ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior, true)]
    [InlineData(IntendedTreatment.Esketamine, ScreeningIndication.ClinicProtocol, false)]
    [InlineData(IntendedTreatment.IvKetamine, ScreeningIndication.ClinicProtocol, true)]
    [InlineData(IntendedTreatment.IvKetamine, ScreeningIndication.TreatmentResistantDepression, false)]
    [InlineData(IntendedTreatment.IvKetamine, ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior, false)]
    public void Each_treatment_has_its_own_indications_per_Spravato_label_and_clinic_IV_protocol(
        IntendedTreatment treatment, ScreeningIndication indication, bool fits)
    {
        var input = ScreeningInputBuilder.Eligible().For(treatment).ForIndication(indication);

        Assert.Equal(fits, ScreeningIndications.Fits(treatment, indication));
        if (fits)
        {
            Assert.Single(input.Evaluate().Rules, r => r.RuleId == ScreeningRuleIds.Indication);
        }
        else
        {
            Assert.Throws<ArgumentException>(() => input.Evaluate());
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, true)]
    public void MDD_with_acute_suicidal_ideation_is_always_urgent_and_always_reviewed_per_Spravato_label_indications(int item9, bool suicidalityShown)
    {
        var verdict = ScreeningInputBuilder.Eligible()
            .ForIndication(ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior)
            .TakingOralAntidepressant()
            .WithPhq9Item9(item9)
            .WithCssrs(item9 > 0 ? new CssrsScreenerAnswers { WishToBeDead = true } : new CssrsScreenerAnswers())
            .Evaluate();

        var rule = verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.Indication);
        Assert.True(verdict.Urgent);
        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, verdict.Outcome);
        Assert.Equal((RuleStatus.Caution, RuleConsequence.Review, RuleSource.Label), (rule.Status, rule.Consequence, rule.Source));
        Assert.Contains("84 mg twice weekly for 4 weeks", rule.Explanation, StringComparison.Ordinal);
        Assert.Equal(!suicidalityShown, rule.Explanation.Contains("do not support it", StringComparison.Ordinal));
        Assert.Contains("suicidal ideation or behavior", rule.Citation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior, false, RuleStatus.Caution)]
    [InlineData(ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior, true, RuleStatus.Pass)]
    [InlineData(ScreeningIndication.TreatmentResistantDepression, false, RuleStatus.Pass)]
    [InlineData(ScreeningIndication.TreatmentResistantDepression, true, RuleStatus.Pass)]
    public void An_oral_antidepressant_is_required_only_for_MDD_with_suicidal_ideation_per_Spravato_label_monotherapy_since_January_2025(
        ScreeningIndication indication, bool taking, RuleStatus status)
    {
        var rule = ScreeningInputBuilder.Eligible()
            .ForIndication(indication)
            .TakingOralAntidepressant(taking)
            .EvaluateRule(ScreeningRuleIds.OralAntidepressant);

        Assert.Equal(status, rule.Status);
        Assert.Equal(RuleSource.Label, rule.Source);
    }

    [Fact]
    public void IV_ketamine_under_the_clinic_protocol_passes_the_indication_rules_per_clinic_IV_protocol()
    {
        var verdict = ScreeningInputBuilder.Eligible().For(IntendedTreatment.IvKetamine).Evaluate();

        Assert.All(
            verdict.Rules.Where(r => r.RuleId is ScreeningRuleIds.Indication or ScreeningRuleIds.OralAntidepressant),
            r => Assert.Equal((RuleStatus.Pass, RuleSource.ClinicPolicy), (r.Status, r.Source)));
        Assert.Equal(ScreeningOutcome.Eligible, verdict.Outcome);
    }
}
