using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class AgeRuleTests
{
    [Theory]
    [InlineData("2008-11-17", "2026-11-16", RuleStatus.Fail)]
    [InlineData("2008-11-16", "2026-11-16", RuleStatus.Pass)]
    [InlineData("2008-11-15", "2026-11-16", RuleStatus.Pass)]
    [InlineData("2008-02-29", "2026-02-28", RuleStatus.Fail)]
    [InlineData("2008-02-29", "2026-03-01", RuleStatus.Pass)]
    [InlineData("2004-02-29", "2022-02-28", RuleStatus.Fail)]
    [InlineData("2004-02-29", "2022-03-01", RuleStatus.Pass)]
    [InlineData("2027-01-01", "2026-11-16", RuleStatus.Fail)]
    [InlineData("1940-01-01", "2026-11-16", RuleStatus.Pass)]
    public void Age_under_18_is_a_hard_stop_per_Spravato_label(string dateOfBirth, string today, RuleStatus expected)
    {
        foreach (var treatment in Enum.GetValues<IntendedTreatment>())
        {
            var rule = ScreeningInputBuilder.Eligible()
                .For(treatment)
                .BornOn(ScreeningInputBuilder.Date(dateOfBirth))
                .ScreenedOn(ScreeningInputBuilder.Date(today))
                .EvaluateRule(ScreeningRuleIds.AgeAdult);

            Assert.Equal(expected, rule.Status);
            Assert.Equal(expected == RuleStatus.Fail ? RuleConsequence.HardStop : RuleConsequence.None, rule.Consequence);
            Assert.Equal(RuleSource.Label, rule.Source);
        }
    }

    [Fact]
    public void Minor_is_ineligible_without_override_per_Spravato_label()
    {
        var verdict = ScreeningInputBuilder.Eligible().BornOn(ScreeningInputBuilder.Date("2010-01-01")).Evaluate();

        Assert.Equal(ScreeningOutcome.Ineligible, verdict.Outcome);
        Assert.True(verdict.HasHardStop);
        Assert.False(verdict.ClinicianMayOverride);
        var age = verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.AgeAdult);
        Assert.Contains("under 18", age.Explanation, StringComparison.Ordinal);
        Assert.StartsWith("Spravato prescribing information", age.Citation, StringComparison.Ordinal);
    }
}
