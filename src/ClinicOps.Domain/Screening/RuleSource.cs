namespace ClinicOps.Domain.Screening;

/// <summary>Where a screening rule comes from.</summary>
public enum RuleSource
{
    /// <summary>The product's prescribing information (label).</summary>
    Label,

    /// <summary>The Spravato REMS (Risk Evaluation and Mitigation Strategy).</summary>
    Rems,

    /// <summary>A clinic's own policy; thresholds are configurable.</summary>
    ClinicPolicy,

    /// <summary>A validated rating scale (PHQ-9, C-SSRS).</summary>
    Scale,
}
