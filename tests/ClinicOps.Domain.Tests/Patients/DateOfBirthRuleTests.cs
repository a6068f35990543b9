using ClinicOps.Domain.Patients;

namespace ClinicOps.Domain.Tests.Patients;

public sealed class DateOfBirthRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    [Theory]
    [InlineData("2026-11-21", true)]
    [InlineData("2026-11-22", false)]
    [InlineData("1906-11-21", true)]
    [InlineData("1906-11-20", false)]
    [InlineData("1984-03-17", true)]
    public void Registration_accepts_births_from_today_back_to_120_years_per_clinic_data_quality_policy(string dateOfBirth, bool plausible)
    {
        Assert.Equal(plausible, DateOfBirthRule.IsPlausible(DateOnly.Parse(dateOfBirth), Today));
    }
}
