namespace ClinicOps.Domain.Patients;

/// <summary>The demographic and contact facts of a patient, as registered or corrected by the front desk.</summary>
public sealed record PatientDetails
{
    /// <summary>Given (first) name.</summary>
    public required string GivenName { get; init; }

    /// <summary>Family (last) name.</summary>
    public required string FamilyName { get; init; }

    /// <summary>Date of birth.</summary>
    public required DateOnly DateOfBirth { get; init; }

    /// <summary>Sex.</summary>
    public required Sex Sex { get; init; }

    /// <summary>Phone in E.164 form.</summary>
    public string? Phone { get; init; }

    /// <summary>E-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>Medical record number in the clinic's EHR; unique within a site.</summary>
    public string? ExternalMrn { get; init; }

    /// <summary>Emergency contact.</summary>
    public EmergencyContact? EmergencyContact { get; init; }

    /// <summary>Preferred channel for reminders.</summary>
    public required ContactChannel PreferredContactChannel { get; init; }
}
