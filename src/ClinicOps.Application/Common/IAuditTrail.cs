using ClinicOps.Domain.Auditing;

namespace ClinicOps.Application.Common;

/// <summary>
/// Records accesses that are not writes. Creates, updates and deletes are audited automatically in the same
/// transaction as the change; handlers call this for reads, and the HTTP layer for denied and not-found attempts.
/// </summary>
public interface IAuditTrail
{
    /// <summary>
    /// Records that the caller read these records. The entries are stored in batches off the request path (see
    /// AuditWriter): all of them on a clean shutdown, all but the last moments' on a crash.
    /// </summary>
    Task RecordReadsAsync(IEnumerable<AuditTarget> targets, CancellationToken cancellationToken);

    /// <summary>Waits until every read recorded so far in this process is stored (before the trail is read).</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Records a failed attempt, discarding anything the failed request left unsaved.</summary>
    Task RecordFailureAsync(AuditAction action, AuditOutcome outcome, AuditTarget target, CancellationToken cancellationToken);
}

/// <summary>Who is calling and through which request, for audit entries.</summary>
public interface IAuditContextAccessor
{
    /// <summary>The current context.</summary>
    AuditContext Current { get; }
}
