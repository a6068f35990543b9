using ClinicOps.Application.Common;
using ClinicOps.Domain.Inventory;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Inventory;

/// <summary>Units wasted, with the second user who witnessed it.</summary>
public sealed record WasteRequest
{
    /// <summary>Units wasted, 1-100 (a partial vial counts as the one vial it was).</summary>
    /// <example>1</example>
    public int? Quantity { get; init; }

    /// <summary>What happened (1-500 characters).</summary>
    /// <example>Partial vial: 150 mg of 500 mg drawn, remainder discarded.</example>
    public string? Reason { get; init; }

    /// <summary>The witness's user id: a second user, not the caller (1-128 characters).</summary>
    /// <example>nurse-sam</example>
    public string? WitnessedBy { get; init; }

    /// <summary>The session it happened in, if any.</summary>
    /// <example>4e3d2c1b-0a99-4877-8665-5544332211ff</example>
    public Guid? SessionId { get; init; }
}

/// <summary>Records witnessed waste of a lot: 422 <c>inventory.witness-required</c> without a second user.</summary>
/// <param name="LotId">Lot id.</param>
/// <param name="Waste">The waste.</param>
public sealed record RecordWaste(Guid LotId, WasteRequest Waste) : IRequest<LedgerEntryResponse>;

/// <summary>Rules for <see cref="RecordWaste"/>.</summary>
public sealed class RecordWasteValidator : AbstractValidator<RecordWaste>
{
    /// <summary>Creates the validator.</summary>
    public RecordWasteValidator()
    {
        RuleFor(r => r.Waste.Quantity).NotNull().InclusiveBetween(1, 100).OverridePropertyName("quantity");
        RuleFor(r => r.Waste.Reason).NotEmpty().MaximumLength(500).OverridePropertyName("reason");
        RuleFor(r => r.Waste.WitnessedBy).NotEmpty().MaximumLength(128).OverridePropertyName("witnessedBy");
    }
}

/// <summary>Handles <see cref="RecordWaste"/>.</summary>
public sealed class RecordWasteHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<RecordWaste, LedgerEntryResponse>
{
    /// <inheritdoc />
    public async Task<LedgerEntryResponse> Handle(RecordWaste request, CancellationToken cancellationToken)
    {
        var lot = await db.InventoryLots.AsNoTracking().SingleOrDefaultAsync(l => l.Id == request.LotId, cancellationToken)
            ?? throw new NotFoundException("InventoryLot", request.LotId);
        if (InventoryRules.CheckWitness(user.Subject, request.Waste.WitnessedBy) is { } refusal)
        {
            throw new BusinessRuleException("inventory.witness-required", "Waste of a controlled substance needs a second user as witness.", [refusal]);
        }

        if (request.Waste.SessionId is { } sessionId && !await db.TreatmentSessions.AnyAsync(s => s.Id == sessionId && s.SiteId == lot.SiteId, cancellationToken))
        {
            throw new NotFoundException("TreatmentSession", sessionId);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await InventoryLedger.MoveAsync(db, lot.Id, -request.Waste.Quantity!.Value, now, user.Subject, cancellationToken);
        var entry = new LedgerEntry(lot, LedgerEntryKind.Waste, -request.Waste.Quantity.Value, user.Subject, now)
        {
            Reason = request.Waste.Reason!.Trim(), WitnessedBy = request.Waste.WitnessedBy!.Trim(), SessionId = request.Waste.SessionId,
        };
        db.LedgerEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return LedgerEntryResponse.From(entry, lot.OnHand + entry.Quantity);
    }
}
