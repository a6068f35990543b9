namespace ClinicOps.Domain.Patients;

/// <summary>Sex as recorded on the REMS Patient Monitoring Form.</summary>
public enum Sex
{
    /// <summary>Female.</summary>
    Female,

    /// <summary>Male.</summary>
    Male,

    /// <summary>Another sex, or intersex.</summary>
    Other,

    /// <summary>Not known or not disclosed.</summary>
    Unknown,
}
