using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Common;
using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using ClinicOps.Infrastructure.Persistence;

namespace ClinicOps.Infrastructure.Auditing;

/// <summary>
/// Adds an audit entry for every created, changed or deleted record to the same SaveChanges, so the change and its
/// audit commit or fail together. Runs after <see cref="Persistence.StampingInterceptor"/>, which marks records
/// whose owned values changed as modified. A singleton: the request or job being audited is read from the context.
/// </summary>
public sealed class AuditingInterceptor(TimeProvider clock) : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        var tampered = context.ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted);
        if (tampered)
        {
            throw new InvalidOperationException("Audit entries are append-only.");
        }

        var now = clock.GetUtcNow();
        var auditContext = ((ClinicOpsDbContext)context).AuditContext;
        var entries = context.ChangeTracker.Entries<AuditableEntity>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => AuditEntry.Record(auditContext.Current, now, ActionFor(e.State), AuditOutcome.Success, TargetOf(e.Entity)))
            .ToList();
        context.Set<AuditEntry>().AddRange(entries);
    }

    public static AuditTarget TargetOf(AuditableEntity entity) => new(
        entity.GetType().Name,
        entity.Id.ToString(),
        entity switch
        {
            ISiteScoped scoped => scoped.SiteId,
            Site site => site.Id,
            _ => null,
        },
        entity switch
        {
            IPatientScoped owned => owned.PatientId,
            Domain.Patients.Patient patient => patient.Id,
            _ => null,
        });

    private static AuditAction ActionFor(EntityState state) => state switch
    {
        EntityState.Added => AuditAction.Create,
        EntityState.Deleted => AuditAction.Delete,
        _ => AuditAction.Update,
    };
}
