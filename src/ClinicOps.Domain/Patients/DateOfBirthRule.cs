namespace ClinicOps.Domain.Patients;

/// <summary>Plausibility of a date of birth at registration: not in the future and not more than 120 years ago.</summary>
public static class DateOfBirthRule
{
    /// <summary>Oldest plausible age in whole years.</summary>
    public const int MaximumAgeYears = 120;

    /// <summary>True when <paramref name="dateOfBirth"/> is plausible on <paramref name="today"/>.</summary>
    public static bool IsPlausible(DateOnly dateOfBirth, DateOnly today) =>
        dateOfBirth <= today && dateOfBirth >= today.AddYears(-MaximumAgeYears);

    /// <summary>Age in whole years on <paramref name="onDate"/> (a birthday on 29 February counts on 28 February in common years).</summary>
    public static int AgeInYears(DateOnly dateOfBirth, DateOnly onDate)
    {
        var age = onDate.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > onDate ? age - 1 : age;
    }
}
