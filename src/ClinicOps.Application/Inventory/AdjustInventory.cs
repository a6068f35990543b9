using ClinicOps.Application.Common;
using ClinicOps.Domain.Inventory;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Inventory;

/// <summary>An adjusting entry.</summary>
public sealed record InventoryAdjustmentRequest
{
    /// <summary>Signed units, -10000 to 10000, not 0 (negative removes).</summary>
    /// <example>-1</example>
    public int? Quantity { get; init; }

    /// <summary>Why (1-500 characters).</summary>
    /// <example>Count found one device missing; DEA Form 106 filed.</example>
    public string? Reason { get; init; }

    /// <summary>The count whose discrepancy this resolves, if any (it must be a count of this lot).</summary>
    /// <example>0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c</example>
    public Guid? CountId { get; init; }
}

/// <summary>Corrects a lot's ledger with an adjusting entry and a reason (the ledger is never edited).</summary>
/// <param name="LotId">Lot id.</param>
/// <param name="Adjustment">The adjustment.</param>
public sealed record AdjustInventory(Guid LotId, InventoryAdjustmentRequest Adjustment) : IRequest<LedgerEntryResponse>;

/// <summary>Rules for <see cref="AdjustInventory"/>.</summary>
public sealed class AdjustInventoryValidator : AbstractValidator<AdjustInventory>
{
    /// <summary>Creates the validator.</summary>
    public AdjustInventoryValidator()
    {
        RuleFor(r => r.Adjustment.Quantity).NotNull().InclusiveBetween(-10_000, 10_000).NotEqual(0).OverridePropertyName("quantity");
        RuleFor(r => r.Adjustment.Reason).NotEmpty().MaximumLength(500).OverridePropertyName("reason");
    }
}

/// <summary>Handles <see cref="AdjustInventory"/>.</summary>
public sealed class AdjustInventoryHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<AdjustInventory, LedgerEntryResponse>
{
    /// <inheritdoc />
    public async Task<LedgerEntryResponse> Handle(AdjustInventory request, CancellationToken cancellationToken)
    {
        var lot = await db.InventoryLots.AsNoTracking().SingleOrDefaultAsync(l => l.Id == request.LotId, cancellationToken)
            ?? throw new NotFoundException("InventoryLot", request.LotId);
        if (request.Adjustment.CountId is { } countId && !await db.InventoryCounts.AnyAsync(c => c.Id == countId && c.LotId == lot.Id, cancellationToken))
        {
            throw new NotFoundException("InventoryCount", countId);
        }

        var now = clock.GetUtcNow();
        var quantity = request.Adjustment.Quantity!.Value;
        if (InventoryRules.CheckAdjustment(lot.OnHand, quantity) is { } refusal)
        {
            throw InventoryLedger.Insufficient([refusal]);
        }

        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await InventoryLedger.MoveAsync(db, lot.Id, quantity, now, user.Subject, cancellationToken);
        var entry = new LedgerEntry(lot, LedgerEntryKind.Adjustment, quantity, user.Subject, now)
        {
            Reason = request.Adjustment.Reason!.Trim(), ReconciliationId = request.Adjustment.CountId,
        };
        db.LedgerEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return LedgerEntryResponse.From(entry, lot.OnHand + quantity);
    }
}
