using ClinicOps.Application.Common;
using ClinicOps.Application.ObservationBoard;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Infrastructure.ObservationBoard;

/// <summary>
/// The board's change sequence computed from the rows themselves, until the transactional outbox (branch
/// <c>reminders</c>) gives every change a sequence id: the sum of the site's session versions, its number of readings
/// and the sum of its alert versions. Readings are append-only, sessions and alerts are never deleted and every update
/// bumps their version, so the sum only grows, grows with every committed change, and is the same on every instance.
/// It reads committed rows only, so unlike an identity column read while other transactions are still open, it can
/// never run ahead of a change that is not visible yet. Swap for <c>max(sequence)</c> of the site's outbox rows (ADR 0014).
/// </summary>
internal sealed class DatabaseBoardChangeFeed(IClinicOpsDbContext db) : IBoardChangeFeed
{
    public async Task<long> SequenceAsync(Guid siteId, CancellationToken cancellationToken)
    {
        var sessions = await db.TreatmentSessions.AsNoTracking().Where(s => s.SiteId == siteId).SumAsync(s => (long)s.Version, cancellationToken);
        var readings = await db.VitalsReadings.AsNoTracking().Where(r => r.SiteId == siteId).LongCountAsync(cancellationToken);
        var alerts = await db.SessionAlerts.AsNoTracking().Where(a => a.SiteId == siteId).SumAsync(a => (long)a.Version, cancellationToken);
        return sessions + readings + alerts;
    }
}
