using ClinicOps.Application.Common;
using ClinicOps.Domain.Inventory;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Inventory;

/// <summary>A site's lots with units on hand, by product and expiry; optionally only those expiring within some days.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="ExpiringWithinDays">Only lots with stock that expire within this many days (1-365), e.g. 30; absent: every lot with stock.</param>
public sealed record ListInventoryLots(Guid SiteId, int? ExpiringWithinDays) : IRequest<IReadOnlyList<LotResponse>>;

/// <summary>A lot's whole ledger with running balances.</summary>
/// <param name="LotId">Lot id.</param>
public sealed record GetLotLedger(Guid LotId) : IRequest<LedgerResponse>;

/// <summary>Rules for <see cref="ListInventoryLots"/>.</summary>
public sealed class ListInventoryLotsValidator : AbstractValidator<ListInventoryLots>
{
    /// <summary>Creates the validator.</summary>
    public ListInventoryLotsValidator() => RuleFor(r => r.ExpiringWithinDays).InclusiveBetween(1, 365);
}

/// <summary>Handles the inventory reads.</summary>
public sealed class InventoryReadsHandler(IClinicOpsDbContext db, IAuditTrail audit, ICurrentUser user, TimeProvider clock) :
    IRequestHandler<ListInventoryLots, IReadOnlyList<LotResponse>>,
    IRequestHandler<GetLotLedger, LedgerResponse>
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<LotResponse>> Handle(ListInventoryLots request, CancellationToken cancellationToken)
    {
        var timeZoneId = await db.Sites.Where(s => s.Id == request.SiteId && user.SiteIds.Contains(s.Id)).Select(s => s.TimeZoneId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Site", request.SiteId);
        var today = InventoryLedger.Today(clock.GetUtcNow(), timeZoneId);
        var lots = await db.InventoryLots.AsNoTracking().Where(l => l.SiteId == request.SiteId && l.OnHand > 0)
            .OrderBy(l => l.Product).ThenBy(l => l.ExpiresOn).ThenBy(l => l.LotNumber).ToListAsync(cancellationToken);
        var items = lots.Where(l => request.ExpiringWithinDays is not { } days || InventoryRules.IsExpiringWithin(l.ExpiresOn, today, days))
            .Select(l => LotResponse.From(l, today)).ToList();
        await audit.RecordReadsAsync(items.Select(i => i.AuditTarget), cancellationToken);
        return items;
    }

    /// <inheritdoc />
    public async Task<LedgerResponse> Handle(GetLotLedger request, CancellationToken cancellationToken)
    {
        var lot = await db.InventoryLots.AsNoTracking().SingleOrDefaultAsync(l => l.Id == request.LotId, cancellationToken)
            ?? throw new NotFoundException("InventoryLot", request.LotId);
        var timeZoneId = await db.Sites.Where(s => s.Id == lot.SiteId).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.LotId == lot.Id).OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var balance = 0;
        var lines = entries.Select(e => LedgerEntryResponse.From(e, balance += e.Quantity)).ToList();
        var response = new LedgerResponse(LotResponse.From(lot, InventoryLedger.Today(clock.GetUtcNow(), timeZoneId)), lines);
        await audit.RecordReadsAsync([response.Lot.AuditTarget], cancellationToken);
        return response;
    }
}
