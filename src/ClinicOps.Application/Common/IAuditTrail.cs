using ClinicOps.Domain.Auditing;

namespace ClinicOps.Application.Common;

/// <summary>
/// Records accesses that are not writes. Creates, updates and deletes are audited automatically in the same
/// transaction as the change; handlers call this for reads, and the HTTP layer for denied and not-found attempts.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Records that the caller read these records, and saves at once (a read that cannot be audited fails).</summary>
    Task RecordReadsAsync(IEnumerable<AuditTarget> targets, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt, discarding anything the failed request left unsaved.</summary>
    Task RecordFailureAsync(AuditAction action, AuditOutcome outcome, AuditTarget target, CancellationToken cancellationToken);
}

/// <summary>Who is calling and through which request, for audit entries.</summary>
public interface IAuditContextAccessor
{
    /// <summary>The current context.</summary>
    AuditContext Current { get; }
}
