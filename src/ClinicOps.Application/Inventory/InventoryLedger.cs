using ClinicOps.Application.Common;
using ClinicOps.Domain.Inventory;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Inventory;

/// <summary>
/// Moves a lot's on-hand count. Every change is one conditional UPDATE (<c>OnHand + delta &gt;= 0</c>), so two draws that
/// race for the last units cannot both succeed: on PostgreSQL the second waits for the first's row lock and re-checks the
/// condition; on SQLite writers take turns. The database's check constraint refuses a negative count as a last line.
/// Callers run it inside <see cref="IClinicOpsDbContext.BeginTransactionAsync"/> with the ledger entry it belongs to.
/// </summary>
internal static class InventoryLedger
{
    /// <summary>Applies <paramref name="delta"/>; false when it would take the lot below zero (nothing changed then).</summary>
    public static async Task<bool> TryMoveAsync(IClinicOpsDbContext db, Guid lotId, int delta, DateTimeOffset now, string by, CancellationToken cancellationToken) =>
        await db.InventoryLots.Where(l => l.Id == lotId && l.OnHand + delta >= 0).ExecuteUpdateAsync(
            s => s.SetProperty(l => l.OnHand, l => l.OnHand + delta).SetProperty(l => l.Version, l => l.Version + 1)
                .SetProperty(l => l.UpdatedAt, now).SetProperty(l => l.UpdatedBy, by),
            cancellationToken) == 1;

    /// <summary>Applies <paramref name="delta"/> or refuses with 422 <c>inventory.insufficient</c>.</summary>
    public static async Task MoveAsync(IClinicOpsDbContext db, Guid lotId, int delta, DateTimeOffset now, string by, CancellationToken cancellationToken)
    {
        if (!await TryMoveAsync(db, lotId, delta, now, by, cancellationToken))
        {
            var lot = await db.InventoryLots.AsNoTracking().Where(l => l.Id == lotId).Select(l => new { l.LotNumber, l.OnHand }).SingleAsync(cancellationToken);
            throw Insufficient([$"Lot {lot.LotNumber} has {lot.OnHand} on hand; a change of {delta} would take it below zero."]);
        }
    }

    /// <summary>The refusal of a draw that the stock cannot cover.</summary>
    public static BusinessRuleException Insufficient(IReadOnlyList<string> reasons) =>
        new("inventory.insufficient", "The lot does not hold enough units; nothing was recorded.", reasons);

    /// <summary>The site's local date, which expiry dates are compared with.</summary>
    public static DateOnly Today(DateTimeOffset now, string timeZoneId) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)).DateTime);

    /// <summary>
    /// Draws the units a dose names from the session's site (one unit per lot number listed), after checking each lot is
    /// in stock and not expired on the date of use: 422 <c>dose.lot-unavailable</c> names every lot that is not. Adds a
    /// Dose ledger entry per lot. Call inside a transaction.
    /// </summary>
    public static async Task DrawForDoseAsync(
        IClinicOpsDbContext db, Guid siteId, Guid sessionId, InventoryProduct product, IReadOnlyList<string> lotNumbers, DateTimeOffset usedAt,
        string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var timeZoneId = await db.Sites.Where(s => s.Id == siteId).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
        var needed = InventoryRules.UnitsByLot(lotNumbers);
        var numbers = needed.Select(n => n.LotNumber).ToList();
        var lots = await db.InventoryLots.AsNoTracking().Where(l => l.SiteId == siteId && l.Product == product && numbers.Contains(l.LotNumber))
            .ToListAsync(cancellationToken);
        var findings = InventoryRules.CheckDraws(
            needed.Select(n => new LotDraw(n.LotNumber, n.Needed, lots.Where(l => l.LotNumber == n.LotNumber).Select(l => new LotView(l.LotNumber, l.ExpiresOn, l.OnHand)).SingleOrDefault())),
            Today(usedAt, timeZoneId));
        if (findings.Count > 0)
        {
            throw new BusinessRuleException("dose.lot-unavailable", "A lot named by the dose is not in stock at this site, has expired, or does not hold enough units; nothing was recorded.",
                [.. findings.Select(f => $"{f.Refusal}: {f.Reason}")]);
        }

        // Always in the same order (by lot id), so two doses drawing the same two lots cannot deadlock on PostgreSQL.
        foreach (var lot in lots.OrderBy(l => l.Id))
        {
            var units = needed.Single(n => n.LotNumber == lot.LotNumber).Needed;
            if (!await TryMoveAsync(db, lot.Id, -units, now, by, cancellationToken))
            {
                throw new BusinessRuleException("dose.lot-unavailable", "A lot named by the dose does not hold enough units; nothing was recorded.",
                    [$"{DrawRefusal.Insufficient}: Lot {lot.LotNumber} no longer holds {units} (another dose took the last units)."]);
            }

            db.LedgerEntries.Add(new LedgerEntry(lot, LedgerEntryKind.Dose, -units, by, now) { SessionId = sessionId });
        }
    }
}
