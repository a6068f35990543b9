using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class TreatmentDayRuleTests
{
    [Theory]
    [InlineData(120, 80, RuleStatus.Pass)]
    [InlineData(140, 90, RuleStatus.Pass)]
    [InlineData(141, 90, RuleStatus.Caution)]
    [InlineData(140, 91, RuleStatus.Caution)]
    [InlineData(139, 95, RuleStatus.Caution)]
    [InlineData(180, 110, RuleStatus.Caution)]
    public void Blood_pressure_above_140_90_defers_per_clinic_policy_after_monograph(int systolic, int diastolic, RuleStatus expected)
    {
        var rule = ScreeningInputBuilder.Eligible()
            .WithBloodPressure(systolic, diastolic)
            .EvaluateRule(ScreeningRuleIds.BpPreTreatment);

        Assert.Equal(expected, rule.Status);
        Assert.Equal(expected == RuleStatus.Pass ? RuleConsequence.None : RuleConsequence.Review, rule.Consequence);
        Assert.Equal(RuleSource.ClinicPolicy, rule.Source);
        Assert.Contains("140/90", rule.Citation, StringComparison.Ordinal);
        Assert.Contains($"{systolic}/{diastolic} mmHg", rule.Explanation, StringComparison.Ordinal);
        Assert.Contains("140/90 mmHg", rule.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConcomitantMedicationClass.Benzodiazepine, ScreeningRuleIds.MedBenzodiazepine)]
    [InlineData(ConcomitantMedicationClass.NonBenzodiazepineSedativeHypnotic, ScreeningRuleIds.MedNonBenzoSedativeHypnotic)]
    [InlineData(ConcomitantMedicationClass.Psychostimulant, ScreeningRuleIds.MedPsychostimulant)]
    [InlineData(ConcomitantMedicationClass.Maoi, ScreeningRuleIds.MedMaoi)]
    [InlineData(ConcomitantMedicationClass.Opioid, ScreeningRuleIds.MedOpioid)]
    public void Concomitant_medication_needs_review_per_REMS_monitoring_form(ConcomitantMedicationClass medication, string ruleId)
    {
        var verdict = ScreeningInputBuilder.Eligible().Taking(medication).Evaluate();

        var finding = Assert.Single(verdict.Rules, r => r.Status != RuleStatus.Pass);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal((RuleStatus.Caution, RuleConsequence.Review, RuleSource.Rems), (finding.Status, finding.Consequence, finding.Source));
        Assert.Contains("REMS", finding.Citation, StringComparison.Ordinal);
        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, verdict.Outcome);
        Assert.False(verdict.Urgent);
    }

    [Fact]
    public void Every_REMS_form_medication_class_is_reviewed_per_REMS_monitoring_form()
    {
        var verdict = ScreeningInputBuilder.Eligible().Taking(Enum.GetValues<ConcomitantMedicationClass>()).Evaluate();

        var findings = verdict.Rules.Where(r => r.Status != RuleStatus.Pass).Select(r => r.RuleId);
        Assert.Equal(
            [
                ScreeningRuleIds.MedBenzodiazepine, ScreeningRuleIds.MedNonBenzoSedativeHypnotic,
                ScreeningRuleIds.MedPsychostimulant, ScreeningRuleIds.MedMaoi, ScreeningRuleIds.MedOpioid,
            ],
            findings);
    }

    [Theory]
    [InlineData(IntendedTreatment.Esketamine)]
    [InlineData(IntendedTreatment.IvKetamine)]
    public void No_ride_home_needs_review_per_Spravato_label_and_REMS_no_driving(IntendedTreatment treatment)
    {
        var verdict = ScreeningInputBuilder.Eligible().For(treatment).WithoutRide().Evaluate();

        var rule = verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.TransportRide);
        Assert.Equal((RuleStatus.Caution, RuleConsequence.Review, RuleSource.Label), (rule.Status, rule.Consequence, rule.Source));
        Assert.Contains("next day", rule.Explanation, StringComparison.Ordinal);
        Assert.Equal(ScreeningOutcome.NeedsClinicianReview, verdict.Outcome);
    }

    [Fact]
    public void Ride_arranged_passes_per_Spravato_label_no_driving()
    {
        var rule = ScreeningInputBuilder.Eligible().EvaluateRule(ScreeningRuleIds.TransportRide);

        Assert.Equal((RuleStatus.Pass, RuleConsequence.None), (rule.Status, rule.Consequence));
    }
}
