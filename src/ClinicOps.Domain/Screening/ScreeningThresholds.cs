namespace ClinicOps.Domain.Screening;

/// <summary>
/// Clinic-configurable figures used by the screening rules. The defaults follow the public sources named on each
/// property; a clinic may change them in configuration, and the rule explanations quote the values in effect.
/// </summary>
public sealed record ScreeningThresholds
{
    /// <summary>The published defaults.</summary>
    public static ScreeningThresholds Default { get; } = new();

    /// <summary>Minimum age in whole years on the screening date (label: adults). Default 18.</summary>
    public int MinimumAgeYears { get; init; } = 18;

    /// <summary>Defer treatment when systolic pressure is above this (monograph suggests 140/90 mmHg). Default 140.</summary>
    public int SystolicDeferAbove { get; init; } = 140;

    /// <summary>Defer treatment when diastolic pressure is above this (monograph suggests 140/90 mmHg). Default 90.</summary>
    public int DiastolicDeferAbove { get; init; } = 90;

    /// <summary>Adequate antidepressant trials without response needed for treatment-resistant depression. Default 2.</summary>
    public int MinimumAdequateTrials { get; init; } = 2;

    /// <summary>Minimum weeks at an adequate dose for a trial to count as adequate. Default 6.</summary>
    public int MinimumTrialWeeks { get; init; } = 6;

    /// <summary>A trial counts as non-response when improvement is below this percentage. Default 50.</summary>
    public int NonResponseImprovementBelowPercent { get; init; } = 50;
}
