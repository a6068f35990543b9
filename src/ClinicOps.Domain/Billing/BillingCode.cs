namespace ClinicOps.Domain.Billing;

/// <summary>What a billing code stands for; the code that bills it depends on the date.</summary>
public enum BillableItem
{
    /// <summary>Esketamine session, established patient, up to 56 mg, 2-hour observation included.</summary>
    EsketamineSessionUpTo56Mg,

    /// <summary>Esketamine session, established patient, above 56 mg, 2-hour observation included.</summary>
    EsketamineSessionAbove56Mg,

    /// <summary>Esketamine drug, per 1 mg, for payers that bill the drug separately.</summary>
    EsketamineDrugPerMg,

    /// <summary>Ketamine drug for IV infusion (unclassified drug).</summary>
    KetamineDrug,

    /// <summary>IV infusion for therapy, initial, up to 1 hour.</summary>
    InfusionInitialHour,

    /// <summary>IV infusion for therapy, each additional hour.</summary>
    InfusionAdditionalHour,
}

/// <summary>
/// One row of the code table: the code that bills an item from one date through another. A change of code is a new
/// row (and an end date on the old one), never an edit of the rules.
/// </summary>
public sealed class BillingCode
{
    private BillingCode()
    {
        Code = string.Empty;
        Description = string.Empty;
        Unit = string.Empty;
        Source = string.Empty;
    }

    /// <summary>Creates a row.</summary>
    public BillingCode(int id, BillableItem item, string code, DateOnly effectiveFrom, DateOnly? effectiveThrough, string description, string unit, string source)
    {
        Id = id;
        Item = item;
        Code = code;
        EffectiveFrom = effectiveFrom;
        EffectiveThrough = effectiveThrough;
        Description = description;
        Unit = unit;
        Source = source;
    }

    /// <summary>Row id.</summary>
    public int Id { get; private set; }

    /// <summary>What it bills.</summary>
    public BillableItem Item { get; private set; }

    /// <summary>HCPCS or CPT code.</summary>
    public string Code { get; private set; }

    /// <summary>First date of service it applies to.</summary>
    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>Last date of service it applies to; null while current.</summary>
    public DateOnly? EffectiveThrough { get; private set; }

    /// <summary>Short description.</summary>
    public string Description { get; private set; }

    /// <summary>What one unit is.</summary>
    public string Unit { get; private set; }

    /// <summary>The public source of the row.</summary>
    public string Source { get; private set; }

    /// <summary>True when the row applies to a date of service.</summary>
    public bool AppliesOn(DateOnly date) => date >= EffectiveFrom && (EffectiveThrough is null || date <= EffectiveThrough);
}
