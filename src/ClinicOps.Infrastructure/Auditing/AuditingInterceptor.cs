using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Common;
using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicOps.Infrastructure.Auditing;

/// <summary>
/// Adds an audit entry for every created, changed or deleted record to the same SaveChanges, so the change and its
/// audit commit or fail together. Runs after <see cref="Persistence.StampingInterceptor"/>, which marks records
/// whose owned values changed as modified.
/// </summary>
public sealed class AuditingInterceptor(IAuditContextAccessor context, TimeProvider clock) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null)
        {
            AddEntries(eventData.Context);
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not null)
        {
            AddEntries(eventData.Context);
        }

        return base.SavingChanges(eventData, result);
    }

    private void AddEntries(DbContext db)
    {
        var tampered = db.ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted);
        if (tampered)
        {
            throw new InvalidOperationException("Audit entries are append-only.");
        }

        var now = clock.GetUtcNow();
        var entries = db.ChangeTracker.Entries<AuditableEntity>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => AuditEntry.Record(context.Current, now, ActionFor(e.State), AuditOutcome.Success, TargetOf(e.Entity)))
            .ToList();
        db.Set<AuditEntry>().AddRange(entries);
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
