using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Common;

/// <summary>
/// The one door from use cases to storage. Handlers query and change entities through it directly;
/// there is deliberately no repository layer over EF.
/// </summary>
public interface IClinicOpsDbContext
{
    /// <summary>Clinic sites.</summary>
    DbSet<Site> Sites { get; }

    /// <summary>Patients, filtered to the caller's sites.</summary>
    DbSet<Patient> Patients { get; }

    /// <summary>Intake screenings, filtered to the caller's sites.</summary>
    DbSet<IntakeScreening> Screenings { get; }

    /// <summary>The append-only audit trail (not site-filtered; queries filter by the caller's sites themselves).</summary>
    DbSet<AuditEntry> AuditEntries { get; }

    /// <summary>Saves all pending changes in one transaction.</summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
