namespace ClinicOps.Api.Security;

/// <summary>What a user does in the clinic; carried in the token's <c>role</c> claims.</summary>
public enum Role
{
    /// <summary>Registers patients, books and moves sessions.</summary>
    FrontDesk,

    /// <summary>Checks patients in, records doses and vitals during observation.</summary>
    Nurse,

    /// <summary>Prescriber: screening review, overrides with reasons, discharge sign-off.</summary>
    Clinician,

    /// <summary>Manages sites and reads the audit trail.</summary>
    ClinicAdmin,

    /// <summary>Read-only access for integrated systems.</summary>
    Integrator,
}
