namespace ClinicOps.Domain.Screening;

/// <summary>Suicide risk level derived from the C-SSRS screener answers.</summary>
public enum CssrsRisk
{
    /// <summary>Every screener question answered no.</summary>
    None,

    /// <summary>Wish to be dead or non-specific suicidal thoughts only.</summary>
    Low,

    /// <summary>Ideation with a method, or suicidal behaviour more than three months ago.</summary>
    Moderate,

    /// <summary>Ideation with intent or a plan, or suicidal behaviour within the past three months.</summary>
    High,
}
