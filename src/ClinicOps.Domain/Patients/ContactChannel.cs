namespace ClinicOps.Domain.Patients;

/// <summary>How the patient prefers to receive reminders and messages.</summary>
public enum ContactChannel
{
    /// <summary>Text message to the patient's phone.</summary>
    Sms,

    /// <summary>Voice call to the patient's phone.</summary>
    Phone,

    /// <summary>E-mail.</summary>
    Email,
}
