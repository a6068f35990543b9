namespace ClinicOps.Domain.Screening;

/// <summary>What a rule's result means for the patient's path.</summary>
public enum RuleConsequence
{
    /// <summary>No consequence (the rule passed).</summary>
    None,

    /// <summary>A clinician must review before treatment.</summary>
    Review,

    /// <summary>The patient is excluded by clinic policy or indication; a clinician may override with a reason.</summary>
    Exclusion,

    /// <summary>The patient must not be treated (label contraindication or age); no override.</summary>
    HardStop,
}
