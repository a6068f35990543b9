using ClinicOps.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Patients;

internal static class PatientMrn
{
    /// <summary>
    /// Gives a clear 409 before the unique index would; the index still guards the race between two registrations.
    /// </summary>
    public static async Task EnsureUniqueAsync(IClinicOpsDbContext db, Guid siteId, string? mrn, Guid? exceptPatientId, CancellationToken cancellationToken)
    {
        if (mrn is null)
        {
            return;
        }

        var taken = await db.Patients.AnyAsync(
            p => p.SiteId == siteId && p.ExternalMrn == mrn && p.Id != exceptPatientId,
            cancellationToken);
        if (taken)
        {
            throw new ConflictException("patient.mrn-taken", "Another patient at this site already has this external MRN.");
        }
    }
}
