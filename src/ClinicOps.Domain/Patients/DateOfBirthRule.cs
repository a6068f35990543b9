namespace ClinicOps.Domain.Patients;

/// <summary>Plausibility of a date of birth at registration: not in the future and not more than 120 years ago.</summary>
public static class DateOfBirthRule
{
    /// <summary>Oldest plausible age in whole years.</summary>
    public const int MaximumAgeYears = 120;

    /// <summary>True when <paramref name="dateOfBirth"/> is plausible on <paramref name="today"/>.</summary>
    public static bool IsPlausible(DateOnly dateOfBirth, DateOnly today) =>
        dateOfBirth <= today && dateOfBirth >= today.AddYears(-MaximumAgeYears);
}
