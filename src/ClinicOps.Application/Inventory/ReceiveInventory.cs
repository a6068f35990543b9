using ClinicOps.Application.Common;
using ClinicOps.Domain.Inventory;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Inventory;

/// <summary>A delivery of one lot.</summary>
public sealed record InventoryReceiptRequest
{
    /// <summary>EsketamineDevice28Mg or KetamineVial.</summary>
    /// <example>EsketamineDevice28Mg</example>
    public InventoryProduct? Product { get; init; }

    /// <summary>Manufacturer's lot number (1-32 characters).</summary>
    /// <example>24JG123</example>
    public string? LotNumber { get; init; }

    /// <summary>Vials: strength as labelled (required for vials, absent for devices; up to 32 characters).</summary>
    /// <example>500 mg/10 mL</example>
    public string? Strength { get; init; }

    /// <summary>Last day of use. A lot already received must be received again with the same expiry.</summary>
    /// <example>2027-03-31</example>
    public DateOnly? ExpiresOn { get; init; }

    /// <summary>Units received, 1-10000.</summary>
    /// <example>24</example>
    public int? Quantity { get; init; }

    /// <summary>Supplier (1-100 characters).</summary>
    /// <example>McKesson Specialty</example>
    public string? Supplier { get; init; }
}

/// <summary>Receives units of a lot at a site; the receiver is the caller. A new lot number opens a lot.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="Receipt">The delivery.</param>
public sealed record ReceiveInventory(Guid SiteId, InventoryReceiptRequest Receipt) : IRequest<LotResponse>;

/// <summary>Rules for <see cref="ReceiveInventory"/>.</summary>
public sealed class ReceiveInventoryValidator : AbstractValidator<ReceiveInventory>
{
    /// <summary>Creates the validator.</summary>
    public ReceiveInventoryValidator()
    {
        RuleFor(r => r.Receipt.Product).NotNull().IsInEnum().OverridePropertyName("product");
        RuleFor(r => r.Receipt.LotNumber).NotEmpty().Must(l => l!.Trim().Length is >= 1 and <= 32).WithMessage("'lotNumber' must be 1-32 characters.").OverridePropertyName("lotNumber");
        RuleFor(r => r.Receipt.Strength).NotEmpty().MaximumLength(32).When(r => r.Receipt.Product == InventoryProduct.KetamineVial).OverridePropertyName("strength");
        RuleFor(r => r.Receipt.Strength).Empty().When(r => r.Receipt.Product == InventoryProduct.EsketamineDevice28Mg)
            .WithMessage("'strength' is for vials; an esketamine device is always 28 mg.").OverridePropertyName("strength");
        RuleFor(r => r.Receipt.ExpiresOn).NotNull().OverridePropertyName("expiresOn");
        RuleFor(r => r.Receipt.Quantity).NotNull().InclusiveBetween(1, 10_000).OverridePropertyName("quantity");
        RuleFor(r => r.Receipt.Supplier).NotEmpty().MaximumLength(100).OverridePropertyName("supplier");
    }
}

/// <summary>Handles <see cref="ReceiveInventory"/>.</summary>
public sealed class ReceiveInventoryHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<ReceiveInventory, LotResponse>
{
    /// <inheritdoc />
    public async Task<LotResponse> Handle(ReceiveInventory request, CancellationToken cancellationToken)
    {
        var receipt = request.Receipt;
        var timeZoneId = await db.Sites.Where(s => s.Id == request.SiteId && user.SiteIds.Contains(s.Id)).Select(s => s.TimeZoneId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Site", request.SiteId);
        var now = clock.GetUtcNow();
        var lotNumber = receipt.LotNumber!.Trim();
        var lot = await db.InventoryLots.SingleOrDefaultAsync(
            l => l.SiteId == request.SiteId && l.Product == receipt.Product && l.LotNumber == lotNumber, cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        if (lot is null)
        {
            lot = new InventoryLot(request.SiteId, receipt.Product!.Value, lotNumber, receipt.Strength?.Trim(), receipt.ExpiresOn!.Value);
            lot.Apply(receipt.Quantity!.Value);
            db.InventoryLots.Add(lot);
        }
        else if (lot.ExpiresOn != receipt.ExpiresOn || lot.Strength != receipt.Strength?.Trim())
        {
            throw new ConflictException("inventory.lot-mismatch", $"Lot {lotNumber} is on record with expiry {lot.ExpiresOn:yyyy-MM-dd}{(lot.Strength is null ? "" : $" and strength {lot.Strength}")}; a receipt of the same lot must match.");
        }
        else
        {
            await InventoryLedger.MoveAsync(db, lot.Id, receipt.Quantity!.Value, now, user.Subject, cancellationToken);
        }

        db.LedgerEntries.Add(new LedgerEntry(lot, LedgerEntryKind.Receipt, receipt.Quantity!.Value, user.Subject, now) { Supplier = receipt.Supplier!.Trim() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException conflict) when (conflict.Code == "unique-violation")
        {
            throw new ConflictException("inventory.lot-received-concurrently", $"Lot {lotNumber} was opened by another receipt at the same moment; send this receipt again.");
        }

        await transaction.CommitAsync(cancellationToken);
        lot = await db.InventoryLots.AsNoTracking().SingleAsync(l => l.Id == lot.Id, cancellationToken);
        return LotResponse.From(lot, InventoryLedger.Today(now, timeZoneId));
    }
}

