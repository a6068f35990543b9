using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Inventory;

/// <summary>What a lot holds. Both are Schedule III controlled substances and are counted one unit at a time.</summary>
public enum InventoryProduct
{
    /// <summary>Esketamine nasal spray, one 28 mg device per unit.</summary>
    EsketamineDevice28Mg,

    /// <summary>Ketamine for IV infusion, one vial per unit (its strength is recorded with the lot).</summary>
    KetamineVial,
}

/// <summary>Kinds of ledger entries. The ledger is append-only: a correction is an <see cref="Adjustment"/> with a reason.</summary>
public enum LedgerEntryKind
{
    /// <summary>Units received from a supplier.</summary>
    Receipt,

    /// <summary>Units used for a patient's dose in a session.</summary>
    Dose,

    /// <summary>Units wasted (a partial vial, a dropped device), witnessed by a second user.</summary>
    Waste,

    /// <summary>A correction with a reason, usually after a count found a discrepancy.</summary>
    Adjustment,
}

/// <summary>
/// One lot of one product at one site. <see cref="OnHand"/> is the running sum of the lot's ledger, kept on the row so a
/// draw can be a single conditional update (never below zero, whatever runs at the same time); the database refuses a
/// negative value as well.
/// </summary>
public sealed class InventoryLot : AuditableEntity, ISiteScoped
{
    private InventoryLot()
    {
        LotNumber = string.Empty;
    }

    /// <summary>Opens a lot with nothing on hand; a receipt adds the units.</summary>
    public InventoryLot(Guid siteId, InventoryProduct product, string lotNumber, string? strength, DateOnly expiresOn)
        : this()
    {
        SiteId = siteId;
        Product = product;
        LotNumber = lotNumber;
        Strength = strength;
        ExpiresOn = expiresOn;
    }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>The product.</summary>
    public InventoryProduct Product { get; private set; }

    /// <summary>Manufacturer's lot number (what the REMS form and the dose record name).</summary>
    public string LotNumber { get; private set; }

    /// <summary>Vial strength as labelled, e.g. "500 mg/10 mL"; null for esketamine devices.</summary>
    public string? Strength { get; private set; }

    /// <summary>Last day the lot may be used.</summary>
    public DateOnly ExpiresOn { get; private set; }

    /// <summary>Units on hand: the sum of the lot's ledger entries.</summary>
    public int OnHand { get; private set; }

    /// <summary>Applies a ledger entry's quantity to the running count (in memory; draws use a conditional update instead).</summary>
    public void Apply(int quantity) => OnHand += quantity;
}

/// <summary>
/// One line of the Schedule III ledger: append-only, never edited or deleted (the database refuses both). Quantity is
/// signed: receipts add, doses and waste take away, adjustments either.
/// </summary>
public sealed class LedgerEntry : AuditableEntity, ISiteScoped
{
    private LedgerEntry()
    {
        RecordedBy = string.Empty;
    }

    /// <summary>Creates an entry.</summary>
    public LedgerEntry(InventoryLot lot, LedgerEntryKind kind, int quantity, string recordedBy, DateTimeOffset recordedAt)
        : this()
    {
        ArgumentNullException.ThrowIfNull(lot);
        LotId = lot.Id;
        SiteId = lot.SiteId;
        Kind = kind;
        Quantity = quantity;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    /// <summary>The lot.</summary>
    public Guid LotId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Receipt, Dose, Waste or Adjustment.</summary>
    public LedgerEntryKind Kind { get; private set; }

    /// <summary>Signed number of units.</summary>
    public int Quantity { get; private set; }

    /// <summary>Who recorded it.</summary>
    public string RecordedBy { get; private set; }

    /// <summary>When it was recorded (server time).</summary>
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>Receipt: the supplier.</summary>
    public string? Supplier { get; init; }

    /// <summary>Dose or waste: the session.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>Waste: the second user who witnessed it.</summary>
    public string? WitnessedBy { get; init; }

    /// <summary>Waste or adjustment: why.</summary>
    public string? Reason { get; init; }

    /// <summary>Adjustment: the count that found the discrepancy it corrects, if any.</summary>
    public Guid? ReconciliationId { get; init; }
}

/// <summary>A physical count of a lot compared with its ledger. A discrepancy is flagged and stays on record.</summary>
public sealed class InventoryCount : AuditableEntity, ISiteScoped
{
    private InventoryCount()
    {
        CountedBy = string.Empty;
    }

    /// <summary>Records a count.</summary>
    public InventoryCount(InventoryLot lot, Reconciliation result, string countedBy, DateTimeOffset countedAt, string? note)
        : this()
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(result);
        LotId = lot.Id;
        SiteId = lot.SiteId;
        Counted = result.Counted;
        LedgerOnHand = result.LedgerOnHand;
        Discrepancy = result.Discrepancy;
        CountedBy = countedBy;
        CountedAt = countedAt;
        Note = note;
    }

    /// <summary>The lot.</summary>
    public Guid LotId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Units counted on the shelf.</summary>
    public int Counted { get; private set; }

    /// <summary>Units the ledger says are on hand.</summary>
    public int LedgerOnHand { get; private set; }

    /// <summary>Counted minus ledger: negative is missing stock.</summary>
    public int Discrepancy { get; private set; }

    /// <summary>True when the count and the ledger disagree.</summary>
    public bool Flagged => Discrepancy != 0;

    /// <summary>Who counted.</summary>
    public string CountedBy { get; private set; }

    /// <summary>When.</summary>
    public DateTimeOffset CountedAt { get; private set; }

    /// <summary>The counter's note.</summary>
    public string? Note { get; private set; }
}
