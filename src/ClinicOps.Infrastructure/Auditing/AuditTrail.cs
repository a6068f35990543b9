using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Infrastructure.Persistence;

namespace ClinicOps.Infrastructure.Auditing;

public sealed class AuditTrail(ClinicOpsDbContext db, IAuditContextAccessor context, TimeProvider clock, AuditWriter writer) : IAuditTrail
{
    public async Task RecordReadsAsync(IEnumerable<AuditTarget> targets, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = context.Current;
        await writer.EnqueueAsync([.. targets.Select(t => AuditEntry.Record(current, now, AuditAction.Read, AuditOutcome.Success, t))]);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken);

    public async Task RecordFailureAsync(AuditAction action, AuditOutcome outcome, AuditTarget target, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.AuditEntries.Add(AuditEntry.Record(context.Current, clock.GetUtcNow(), action, outcome, target));
        await db.SaveChangesAsync(cancellationToken);
    }
}
