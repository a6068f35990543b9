using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Patients;

/// <summary>A person registered for treatment at one clinic site.</summary>
public sealed class Patient : AuditableEntity, ISiteScoped
{
    private Patient()
    {
        GivenName = FamilyName = GivenNameKey = FamilyNameKey = string.Empty;
    }

    /// <summary>Registers a patient at a site.</summary>
    public Patient(Guid siteId, PatientDetails details)
        : this()
    {
        SiteId = siteId;
        Apply(details);
    }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Given (first) name.</summary>
    public string GivenName { get; private set; }

    /// <summary>Family (last) name.</summary>
    public string FamilyName { get; private set; }

    /// <summary>The given name as search compares it (<see cref="NameSearchKey"/>); follows <see cref="GivenName"/>.</summary>
    public string GivenNameKey { get; private set; }

    /// <summary>The family name as search compares it (<see cref="NameSearchKey"/>); follows <see cref="FamilyName"/>.</summary>
    public string FamilyNameKey { get; private set; }

    /// <summary>Date of birth.</summary>
    public DateOnly DateOfBirth { get; private set; }

    /// <summary>Sex.</summary>
    public Sex Sex { get; private set; }

    /// <summary>Phone in E.164 form.</summary>
    public string? Phone { get; private set; }

    /// <summary>E-mail address.</summary>
    public string? Email { get; private set; }

    /// <summary>Medical record number in the clinic's EHR; unique within a site.</summary>
    public string? ExternalMrn { get; private set; }

    /// <summary>Emergency contact.</summary>
    public EmergencyContact? EmergencyContact { get; private set; }

    /// <summary>Preferred channel for reminders.</summary>
    public ContactChannel PreferredContactChannel { get; private set; }

    /// <summary>Replaces the demographic and contact details (a full correction by the front desk).</summary>
    public void Apply(PatientDetails details)
    {
        GivenName = details.GivenName;
        FamilyName = details.FamilyName;
        GivenNameKey = NameSearchKey.Normalize(details.GivenName);
        FamilyNameKey = NameSearchKey.Normalize(details.FamilyName);
        DateOfBirth = details.DateOfBirth;
        Sex = details.Sex;
        Phone = details.Phone;
        Email = details.Email;
        ExternalMrn = details.ExternalMrn;
        EmergencyContact = details.EmergencyContact;
        PreferredContactChannel = details.PreferredContactChannel;
    }
}
