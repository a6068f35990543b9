using ClinicOps.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// Stamps who and when on every saved record and bumps its version (the ETag). A singleton, like every interceptor of
/// the pooled context: the caller is read from the context being saved.
/// </summary>
public sealed class StampingInterceptor(TimeProvider clock) : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        var now = clock.GetUtcNow();
        var currentUser = ((ClinicOpsDbContext)context).CurrentUser;
        foreach (var entry in context.ChangeTracker.Entries<AuditableEntity>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.CreatedAt = entry.Entity.UpdatedAt = now;
                entry.Entity.CreatedBy = entry.Entity.UpdatedBy = currentUser.Subject;
                entry.Entity.Version = 1;
            }
            else if (entry.State == EntityState.Modified || HasChangedOwnedValues(entry))
            {
                entry.Entity.UpdatedAt = now;
                entry.Entity.UpdatedBy = currentUser.Subject;
                entry.Entity.Version++;
            }
        }
    }

    private static bool HasChangedOwnedValues(EntityEntry entry) =>
        entry.References.Any(reference =>
            reference.TargetEntry is { } target
            && target.Metadata.IsOwned()
            && target.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
}
