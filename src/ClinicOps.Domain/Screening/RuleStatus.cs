namespace ClinicOps.Domain.Screening;

/// <summary>How one screening rule came out.</summary>
public enum RuleStatus
{
    /// <summary>The rule is satisfied.</summary>
    Pass,

    /// <summary>The rule found something a clinician must look at.</summary>
    Caution,

    /// <summary>The rule is not satisfied.</summary>
    Fail,
}
