using ClinicOps.Application.Common;
using ClinicOps.Domain.Inventory;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Inventory;

/// <summary>A physical count of a lot.</summary>
public sealed record InventoryCountRequest
{
    /// <summary>Units on the shelf, 0-10000.</summary>
    /// <example>9</example>
    public int? Counted { get; init; }

    /// <summary>Note (up to 500 characters).</summary>
    /// <example>End-of-day count.</example>
    public string? Note { get; init; }
}

/// <summary>
/// Reconciles a count with the ledger. A discrepancy is flagged on the count (and the count, like every write, is
/// audited); the ledger is not changed: an adjustment with a reason corrects it.
/// </summary>
/// <param name="LotId">Lot id.</param>
/// <param name="Count">The count.</param>
public sealed record CountInventory(Guid LotId, InventoryCountRequest Count) : IRequest<InventoryCountResponse>;

/// <summary>Rules for <see cref="CountInventory"/>.</summary>
public sealed class CountInventoryValidator : AbstractValidator<CountInventory>
{
    /// <summary>Creates the validator.</summary>
    public CountInventoryValidator()
    {
        RuleFor(r => r.Count.Counted).NotNull().InclusiveBetween(0, 10_000).OverridePropertyName("counted");
        RuleFor(r => r.Count.Note).MaximumLength(500).OverridePropertyName("note");
    }
}

/// <summary>Handles <see cref="CountInventory"/>.</summary>
public sealed class CountInventoryHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<CountInventory, InventoryCountResponse>
{
    /// <inheritdoc />
    public async Task<InventoryCountResponse> Handle(CountInventory request, CancellationToken cancellationToken)
    {
        var lot = await db.InventoryLots.AsNoTracking().SingleOrDefaultAsync(l => l.Id == request.LotId, cancellationToken)
            ?? throw new NotFoundException("InventoryLot", request.LotId);

        // The ledger itself, not the running count, is what the count is compared with.
        var ledger = await db.LedgerEntries.Where(e => e.LotId == lot.Id).Select(e => e.Quantity).ToListAsync(cancellationToken);
        var count = new InventoryCount(lot, InventoryRules.Reconcile(request.Count.Counted!.Value, InventoryRules.Balance(ledger)), user.Subject, clock.GetUtcNow(),
            string.IsNullOrWhiteSpace(request.Count.Note) ? null : request.Count.Note.Trim());
        db.InventoryCounts.Add(count);
        await db.SaveChangesAsync(cancellationToken);
        return InventoryCountResponse.From(count);
    }
}
