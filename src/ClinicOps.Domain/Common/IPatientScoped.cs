namespace ClinicOps.Domain.Common;

/// <summary>A record that is part of one patient's chart; its audit entries carry the patient id.</summary>
public interface IPatientScoped
{
    /// <summary>The patient the record belongs to.</summary>
    Guid PatientId { get; }
}
