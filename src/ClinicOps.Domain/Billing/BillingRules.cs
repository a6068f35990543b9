using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Billing;

/// <summary>What the billing rules read from a session record.</summary>
/// <param name="Treatment">Esketamine or IV ketamine.</param>
/// <param name="DateOfService">The session's local date.</param>
/// <param name="DoseMg">Dose in mg.</param>
/// <param name="InfusionMinutes">IV: minutes from the infusion's start to its end; null when not ended.</param>
/// <param name="PayerBillsDrug">Esketamine: the payer has the clinic bill the drug itself (per mg).</param>
public sealed record SessionBillingFacts(IntendedTreatment Treatment, DateOnly DateOfService, int DoseMg, int? InfusionMinutes, bool PayerBillsDrug);

/// <summary>One line of a superbill.</summary>
/// <param name="Item">What it bills.</param>
/// <param name="Code">HCPCS or CPT code.</param>
/// <param name="Description">Description.</param>
/// <param name="Units">Units.</param>
/// <param name="Unit">What one unit is.</param>
public sealed record BillingLine(BillableItem Item, string Code, string Description, int Units, string Unit);

/// <summary>The codes of a session, and anything that kept a code off.</summary>
/// <param name="Lines">The lines.</param>
/// <param name="Notes">Why an expected line is missing, one sentence each.</param>
public sealed record SessionCoding(IReadOnlyList<BillingLine> Lines, IReadOnlyList<string> Notes);

/// <summary>
/// Derives a session's billing codes from its record, never from typed codes. The code for each item is looked up in
/// the code table by the date of service. Sources: CMS CY2020 Physician Fee Schedule final rule (G2082/G2083:
/// esketamine up to / above 56 mg with 2 hours of observation, established patient); HCPCS S0013 (esketamine, nasal
/// spray, 1 mg) replaced by J0013 from 2026-01-01 (HCPCS annual update); J3490 (unclassified drugs); AMA CPT
/// infusion guidelines for 96365/96366 (initial hour needs more than 15 minutes; an additional hour is reported when
/// the infusion runs more than 30 minutes beyond the previous hour). See ADR 0015.
/// </summary>
public static class BillingRules
{
    /// <summary>Esketamine doses up to this many mg bill G2082; above it, G2083.</summary>
    public const int LowDoseCeilingMg = 56;

    /// <summary>Minutes an infusion must exceed to count as one (CPT: 15 minutes or less is a push).</summary>
    public const int MinimumInfusionMinutes = 15;

    /// <summary>Derives the lines of a session.</summary>
    public static SessionCoding Derive(SessionBillingFacts facts, IReadOnlyList<BillingCode> table)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var lines = new List<BillingLine>();
        var notes = new List<string>();

        void Add(BillableItem item, int units)
        {
            if (units <= 0)
            {
                return;
            }

            var row = table.Where(r => r.Item == item && r.AppliesOn(facts.DateOfService)).OrderByDescending(r => r.EffectiveFrom).FirstOrDefault();
            if (row is null)
            {
                notes.Add($"No code for {item} on {facts.DateOfService:yyyy-MM-dd} in the code table.");
                return;
            }

            lines.Add(new BillingLine(item, row.Code, row.Description, units, row.Unit));
        }

        if (facts.Treatment == IntendedTreatment.Esketamine)
        {
            Add(facts.DoseMg <= LowDoseCeilingMg ? BillableItem.EsketamineSessionUpTo56Mg : BillableItem.EsketamineSessionAbove56Mg, 1);
            if (facts.PayerBillsDrug)
            {
                Add(BillableItem.EsketamineDrugPerMg, facts.DoseMg);
            }
        }
        else
        {
            Add(BillableItem.KetamineDrug, 1);
            if (facts.InfusionMinutes is not { } minutes)
            {
                notes.Add("The infusion has no recorded end, so its duration and infusion codes cannot be derived.");
            }
            else if (minutes <= MinimumInfusionMinutes)
            {
                notes.Add($"The infusion lasted {minutes} minutes; 15 minutes or less is not reported as an infusion (CPT).");
            }
            else
            {
                Add(BillableItem.InfusionInitialHour, 1);
                Add(BillableItem.InfusionAdditionalHour, AdditionalHours(minutes));
            }
        }

        return new SessionCoding(lines, notes);
    }

    /// <summary>
    /// Units of "each additional hour": one for each hour beyond the first that the infusion runs more than 30 minutes
    /// into (CPT time rule): 90 minutes is 0, 91 is 1, 150 is 1, 151 is 2.
    /// </summary>
    public static int AdditionalHours(int minutes) => minutes <= 90 ? 0 : ((minutes - 91) / 60) + 1;
}
