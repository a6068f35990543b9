using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Patients;

namespace ClinicOps.Application.Patients;

internal static class PatientAudit
{
    public static AuditTarget Target(PatientResponse patient) =>
        new(nameof(Patient), patient.Id.ToString(), patient.SiteId, patient.Id);
}
