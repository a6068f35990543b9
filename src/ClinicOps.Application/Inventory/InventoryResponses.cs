using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Inventory;

namespace ClinicOps.Application.Inventory;

/// <summary>A lot and what is on hand.</summary>
/// <param name="Id" example="7c1d0e2f-3a4b-4c5d-8e6f-708192a3b4c5">Lot id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="Product">EsketamineDevice28Mg or KetamineVial.</param>
/// <param name="LotNumber" example="24JG123">Manufacturer's lot number.</param>
/// <param name="Strength" example="500 mg/10 mL">Vial strength; null for devices.</param>
/// <param name="ExpiresOn" example="2027-03-31">Last day of use.</param>
/// <param name="OnHand" example="12">Units on hand per the ledger.</param>
/// <param name="Expired">The expiry date has passed at the site today.</param>
/// <param name="Version" example="3">Row version.</param>
public sealed record LotResponse(Guid Id, Guid SiteId, InventoryProduct Product, string LotNumber, string? Strength, DateOnly ExpiresOn, int OnHand, bool Expired, int Version)
{
    internal static LotResponse From(InventoryLot l, DateOnly today) =>
        new(l.Id, l.SiteId, l.Product, l.LotNumber, l.Strength, l.ExpiresOn, l.OnHand, InventoryRules.IsExpired(l.ExpiresOn, today), l.Version);

    internal AuditTarget AuditTarget => new(nameof(InventoryLot), Id.ToString(), SiteId, null);
}

/// <summary>One ledger line.</summary>
/// <param name="Id" example="0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b">Entry id.</param>
/// <param name="LotId" example="7c1d0e2f-3a4b-4c5d-8e6f-708192a3b4c5">Lot id.</param>
/// <param name="Kind">Receipt, Dose, Waste or Adjustment.</param>
/// <param name="Quantity" example="-2">Signed units.</param>
/// <param name="RecordedBy" example="nurse-jordan">Who recorded it.</param>
/// <param name="RecordedAt" example="2026-12-03T15:13:00+00:00">When.</param>
/// <param name="Supplier" example="McKesson">Receipt: supplier.</param>
/// <param name="SessionId" example="4e3d2c1b-0a99-4877-8665-5544332211ff">Dose or waste: the session.</param>
/// <param name="WitnessedBy" example="nurse-sam">Waste: the witness.</param>
/// <param name="Reason" example="Partial vial: 150 mg of 500 mg discarded.">Waste or adjustment: why.</param>
/// <param name="ReconciliationId" example="0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c">Adjustment: the count it follows.</param>
/// <param name="Balance" example="10">Units on hand after this entry.</param>
public sealed record LedgerEntryResponse(
    Guid Id, Guid LotId, LedgerEntryKind Kind, int Quantity, string RecordedBy, DateTimeOffset RecordedAt, string? Supplier, Guid? SessionId,
    string? WitnessedBy, string? Reason, Guid? ReconciliationId, int Balance)
{
    internal static LedgerEntryResponse From(LedgerEntry e, int balance) =>
        new(e.Id, e.LotId, e.Kind, e.Quantity, e.RecordedBy, e.RecordedAt, e.Supplier, e.SessionId, e.WitnessedBy, e.Reason, e.ReconciliationId, balance);
}

/// <summary>A lot's whole ledger, oldest first.</summary>
/// <param name="Lot">The lot.</param>
/// <param name="Entries">Every entry with the running balance.</param>
public sealed record LedgerResponse(LotResponse Lot, IReadOnlyList<LedgerEntryResponse> Entries);

/// <summary>A count compared with the ledger.</summary>
/// <param name="Id" example="0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c">Count id.</param>
/// <param name="LotId" example="7c1d0e2f-3a4b-4c5d-8e6f-708192a3b4c5">Lot id.</param>
/// <param name="Counted" example="9">Units counted.</param>
/// <param name="LedgerOnHand" example="10">Units per the ledger.</param>
/// <param name="Discrepancy" example="-1">Counted minus ledger.</param>
/// <param name="Flagged">The count and the ledger disagree; an adjustment with a reason resolves it.</param>
/// <param name="CountedBy" example="nurse-jordan">Who counted.</param>
/// <param name="CountedAt" example="2026-12-03T18:00:00+00:00">When.</param>
/// <param name="Note" example="End-of-day count.">Note.</param>
public sealed record InventoryCountResponse(
    Guid Id, Guid LotId, int Counted, int LedgerOnHand, int Discrepancy, bool Flagged, string CountedBy, DateTimeOffset CountedAt, string? Note)
{
    internal static InventoryCountResponse From(InventoryCount c) =>
        new(c.Id, c.LotId, c.Counted, c.LedgerOnHand, c.Discrepancy, c.Flagged, c.CountedBy, c.CountedAt, c.Note);
}
