namespace ClinicOps.Domain.Inventory;

/// <summary>Why a lot cannot supply a dose.</summary>
public enum DrawRefusal
{
    /// <summary>The site holds no lot with this number for this product.</summary>
    NotInStock,

    /// <summary>The lot's expiry date has passed at the date of use.</summary>
    Expired,

    /// <summary>The lot has fewer units on hand than the dose needs.</summary>
    Insufficient,
}

/// <summary>What a dose needs from one lot, and what the site holds of it.</summary>
/// <param name="LotNumber">Lot number named by the dose.</param>
/// <param name="Needed">Units the dose takes from it.</param>
/// <param name="Lot">The site's lot of that number and product, or null.</param>
public sealed record LotDraw(string LotNumber, int Needed, LotView? Lot);

/// <summary>What the rules need to know of a lot.</summary>
/// <param name="LotNumber">Lot number.</param>
/// <param name="ExpiresOn">Last day of use.</param>
/// <param name="OnHand">Units on hand.</param>
public sealed record LotView(string LotNumber, DateOnly ExpiresOn, int OnHand);

/// <summary>A refused draw.</summary>
/// <param name="LotNumber">The lot.</param>
/// <param name="Refusal">Why.</param>
/// <param name="Reason">One sentence for the 422 problem.</param>
public sealed record DrawFinding(string LotNumber, DrawRefusal Refusal, string Reason);

/// <summary>The result of comparing a count with the ledger.</summary>
/// <param name="Counted">Units counted.</param>
/// <param name="LedgerOnHand">Units per the ledger.</param>
/// <param name="Discrepancy">Counted minus ledger.</param>
public sealed record Reconciliation(int Counted, int LedgerOnHand, int Discrepancy)
{
    /// <summary>True when they disagree.</summary>
    public bool Flagged => Discrepancy != 0;
}

/// <summary>
/// The Schedule III inventory rules, pure. Sources: 21 CFR 1304.21-1304.22 (a complete and accurate record of each
/// controlled substance received, dispensed or otherwise disposed of), 21 CFR 1304.11 (inventories; a count compared
/// with the records), 21 CFR 1317.95(d) and DEA's practitioner guidance (wastage witnessed by a second authorised
/// employee), and USP General Notices 10.40.100 (a product is not used after its expiration date). See ADR 0015.
/// </summary>
public static class InventoryRules
{
    /// <summary>Days ahead that the expiring listing looks by default.</summary>
    public const int ExpiringWindowDays = 30;

    /// <summary>
    /// Checks every lot a dose names: the site holds it, it has not expired on the date of use (the expiry date itself is
    /// still usable), and it has the units. Returns every finding, not just the first.
    /// </summary>
    public static IReadOnlyList<DrawFinding> CheckDraws(IEnumerable<LotDraw> draws, DateOnly dateOfUse)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var findings = new List<DrawFinding>();
        foreach (var draw in draws)
        {
            if (draw.Lot is not { } lot)
            {
                findings.Add(new(draw.LotNumber, DrawRefusal.NotInStock, $"Lot {draw.LotNumber} is not in stock at this site."));
            }
            else if (IsExpired(lot.ExpiresOn, dateOfUse))
            {
                findings.Add(new(draw.LotNumber, DrawRefusal.Expired, $"Lot {draw.LotNumber} expired on {lot.ExpiresOn:yyyy-MM-dd}."));
            }
            else if (lot.OnHand < draw.Needed)
            {
                findings.Add(new(draw.LotNumber, DrawRefusal.Insufficient,
                    $"Lot {draw.LotNumber} has {lot.OnHand} on hand; the dose needs {draw.Needed}."));
            }
        }

        return findings;
    }

    /// <summary>A lot is usable through its expiry date and expired from the next day (USP General Notices 10.40.100).</summary>
    public static bool IsExpired(DateOnly expiresOn, DateOnly dateOfUse) => dateOfUse > expiresOn;

    /// <summary>Units each lot must supply, from the lot numbers of a dose in order (one unit each).</summary>
    public static IReadOnlyList<(string LotNumber, int Needed)> UnitsByLot(IEnumerable<string> lotNumbers) =>
        [.. lotNumbers.GroupBy(l => l, StringComparer.Ordinal).Select(g => (g.Key, g.Count()))];

    /// <summary>True when a lot with stock expires within <paramref name="days"/> days from today (inclusive), and has not already expired.</summary>
    public static bool IsExpiringWithin(DateOnly expiresOn, DateOnly today, int days) =>
        !IsExpired(expiresOn, today) && expiresOn <= today.AddDays(days);

    /// <summary>Compares a count with the ledger (21 CFR 1304.11): any difference is a flagged discrepancy.</summary>
    public static Reconciliation Reconcile(int counted, int ledgerOnHand) => new(counted, ledgerOnHand, counted - ledgerOnHand);

    /// <summary>The ledger's balance: the signed sum of its entries.</summary>
    public static int Balance(IEnumerable<int> quantities) => quantities.Sum();

    /// <summary>
    /// Waste needs a witness who is not the person recording it (21 CFR 1317.95(d); DEA practitioner's manual). Returns
    /// the reason it is refused, or null.
    /// </summary>
    public static string? CheckWitness(string recordedBy, string? witnessedBy) =>
        string.IsNullOrWhiteSpace(witnessedBy) ? "Waste needs a witness."
        : string.Equals(recordedBy, witnessedBy.Trim(), StringComparison.OrdinalIgnoreCase) ? "The witness must be a second user, not the one recording the waste."
        : null;

    /// <summary>An adjustment may not take the lot below zero. Returns the refusal, or null.</summary>
    public static string? CheckAdjustment(int onHand, int quantity) =>
        quantity == 0 ? "An adjustment changes the count."
        : onHand + quantity < 0 ? $"The lot has {onHand} on hand; an adjustment of {quantity} would take it below zero."
        : null;
}
