using System.Reflection;
using System.Text.RegularExpressions;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class RuleListTests
{
    private static readonly string[] _declaredIds = typeof(ScreeningRuleIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    public static TheoryData<string, ScreeningInputBuilder> Inputs => new()
    {
        { "clean esketamine", ScreeningInputBuilder.Eligible() },
        { "clean IV ketamine", ScreeningInputBuilder.Eligible().For(IntendedTreatment.IvKetamine) },
        { "everything wrong, esketamine", EverythingWrong(IntendedTreatment.Esketamine) },
        { "everything wrong, IV ketamine", EverythingWrong(IntendedTreatment.IvKetamine) },
        { "MDD with acute suicidal ideation, nothing shown", ScreeningInputBuilder.Eligible().ForIndication(ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior) },
        { "scales disagree", ScreeningInputBuilder.Eligible().WithPhq9Item9(2) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_rule_id_appears_exactly_once_in_stable_order_per_rule_set_version(string name, ScreeningInputBuilder input)
    {
        var verdict = input.Evaluate();

        Assert.NotEmpty(name);
        Assert.Equal(27, _declaredIds.Length);
        Assert.Equal(_declaredIds.Order(StringComparer.Ordinal), ScreeningRuleIds.All.Order(StringComparer.Ordinal));
        Assert.Equal(ScreeningRuleIds.All, verdict.Rules.Select(r => r.RuleId));
        Assert.Equal(ScreeningRuleSet.Version, verdict.RuleSetVersion);
    }

    [Fact]
    public void Rule_ids_are_stable_upper_case_per_rule_set_contract()
    {
        Assert.All(_declaredIds, id => Assert.Matches(new Regex("^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"), id));
        Assert.Equal("AGE-ADULT", ScreeningRuleIds.AgeAdult);
        Assert.Equal("TRANSPORT-RIDE", ScreeningRuleIds.TransportRide);
        Assert.Equal("2026.11.2", ScreeningRuleSet.Version);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_explanation_is_one_plain_sentence_without_drug_names_per_clinic_privacy_policy(
        string name, ScreeningInputBuilder input)
    {
        var verdict = input.Evaluate();

        Assert.NotEmpty(name);
        Assert.All(verdict.Rules, r =>
        {
            Assert.EndsWith(".", r.Explanation, StringComparison.Ordinal);
            Assert.DoesNotContain(". ", r.Explanation, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', r.Explanation);
            Assert.DoesNotContain(ScreeningInputBuilder.FirstDrugName, r.Explanation, StringComparison.OrdinalIgnoreCase);
            Assert.False(string.IsNullOrWhiteSpace(r.Citation));
            Assert.Equal(r.Status == RuleStatus.Pass, r.Consequence == RuleConsequence.None);
        });
    }

    [Fact]
    public void Everything_wrong_makes_every_rule_a_finding_per_label_REMS_clinic_policy_and_scales()
    {
        // These pass for a TRD first screening whose scales agree; each has its own tests.
        string[] otherContexts = [ScreeningRuleIds.Indication, ScreeningRuleIds.OralAntidepressant, ScreeningRuleIds.SuicidalityScalesDisagree, ScreeningRuleIds.CorrectionOfUncleared];

        var verdict = EverythingWrong(IntendedTreatment.Esketamine).Evaluate();

        Assert.All(verdict.Rules.Where(r => !otherContexts.Contains(r.RuleId)), r => Assert.NotEqual(RuleStatus.Pass, r.Status));
        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.True(verdict.Urgent);
        Assert.False(verdict.ClinicianMayOverride);
    }

    [Fact]
    public void Same_input_gives_the_same_verdict_per_pure_rule_set()
    {
        var input = EverythingWrong(IntendedTreatment.IvKetamine).Build();

        var first = ScreeningRuleSet.Evaluate(input, ScreeningThresholds.Default);
        var second = ScreeningRuleSet.Evaluate(input);

        Assert.Equal(first.Rules, second.Rules);
        Assert.Equal((first.Outcome, first.Urgent, first.Phq9, first.CssrsRisk), (second.Outcome, second.Urgent, second.Phq9, second.CssrsRisk));
    }

    private static ScreeningInputBuilder EverythingWrong(IntendedTreatment treatment) =>
        ScreeningInputBuilder.Eligible()
            .For(treatment)
            .BornOn(ScreeningInputBuilder.Today.AddYears(-17))
            .WithDiagnosis(DepressionDiagnosis.BipolarDepression)
            .WithTrials(new AntidepressantTrial(ScreeningInputBuilder.FirstDrugName, AntidepressantClass.Ssri, true, 4, true, 10))
            .WithConditions(_ => ConditionSetters.Everything())
            .Taking(Enum.GetValues<ConcomitantMedicationClass>())
            .WithBloodPressure(165, 100)
            .WithPhq9(3, 3, 3, 3, 3, 3, 3, 3, 3)
            .WithHighCssrsRisk()
            .WithoutRide();
}
