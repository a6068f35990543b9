using ClinicOps.Domain.Billing;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Billing;

public sealed class BillingRuleTests
{
    // The rows the migration seeds (20261122170100_BackOffice), as the rules see them.
    private static readonly IReadOnlyList<BillingCode> Table =
    [
        new(1, BillableItem.EsketamineSessionUpTo56Mg, "G2082", new(2020, 1, 1), null, "Esketamine up to 56 mg", "session", "CMS CY2020 PFS"),
        new(2, BillableItem.EsketamineSessionAbove56Mg, "G2083", new(2020, 1, 1), null, "Esketamine above 56 mg", "session", "CMS CY2020 PFS"),
        new(3, BillableItem.EsketamineDrugPerMg, "S0013", new(2019, 7, 1), new(2025, 12, 31), "Esketamine, nasal spray, 1 mg", "mg", "HCPCS"),
        new(4, BillableItem.EsketamineDrugPerMg, "J0013", new(2026, 1, 1), null, "Esketamine, nasal spray, 1 mg", "mg", "HCPCS 2026"),
        new(5, BillableItem.KetamineDrug, "J3490", new(2000, 1, 1), null, "Unclassified drugs", "dose", "HCPCS"),
        new(6, BillableItem.InfusionInitialHour, "96365", new(2009, 1, 1), null, "IV infusion, initial hour", "session", "CPT"),
        new(7, BillableItem.InfusionAdditionalHour, "96366", new(2009, 1, 1), null, "IV infusion, each additional hour", "hour", "CPT"),
    ];

    private static IEnumerable<(string Code, int Units)> Codes(SessionBillingFacts facts) =>
        BillingRules.Derive(facts, Table).Lines.Select(l => (l.Code, l.Units));

    public static TheoryData<int, string> EsketamineDoses => new() { { 28, "G2082" }, { 56, "G2082" }, { 84, "G2083" } };

    [Theory]
    [MemberData(nameof(EsketamineDoses))]
    public void An_esketamine_session_bills_G2082_up_to_56_mg_and_G2083_above_per_CMS_CY2020_Physician_Fee_Schedule(int doseMg, string code)
    {
        Assert.Equal([(code, 1)], Codes(new SessionBillingFacts(IntendedTreatment.Esketamine, new DateOnly(2026, 3, 2), doseMg, null, PayerBillsDrug: false)));
    }

    [Theory]
    [InlineData("2025-12-31", "S0013")]
    [InlineData("2026-01-01", "J0013")]
    public void The_drug_per_mg_code_is_S0013_through_2025_12_31_and_J0013_from_2026_01_01_per_HCPCS_2026_update(string date, string drugCode)
    {
        var facts = new SessionBillingFacts(IntendedTreatment.Esketamine, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), 84, null, PayerBillsDrug: true);

        Assert.Equal([("G2083", 1), (drugCode, 84)], Codes(facts));
    }

    [Fact]
    public void The_drug_is_left_off_when_the_payer_does_not_bill_it_per_CMS_G2082_descriptor_including_the_drug()
    {
        Assert.DoesNotContain(Codes(new SessionBillingFacts(IntendedTreatment.Esketamine, new DateOnly(2026, 1, 1), 56, null, false)), c => c.Code == "J0013");
    }

    public static TheoryData<int, int> InfusionMinutes => new() { { 16, 0 }, { 40, 0 }, { 90, 0 }, { 91, 1 }, { 150, 1 }, { 151, 2 } };

    [Theory]
    [MemberData(nameof(InfusionMinutes))]
    public void An_IV_infusion_bills_J3490_96365_and_96366_per_hour_beyond_30_minutes_into_it_per_AMA_CPT_infusion_guidelines(int minutes, int additionalHours)
    {
        var expected = new List<(string, int)> { ("J3490", 1), ("96365", 1) };
        if (additionalHours > 0)
        {
            expected.Add(("96366", additionalHours));
        }

        Assert.Equal(expected, Codes(new SessionBillingFacts(IntendedTreatment.IvKetamine, new DateOnly(2026, 11, 23), 35, minutes, false)));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(null)]
    public void An_infusion_of_15_minutes_or_less_or_without_an_end_gets_no_infusion_code_and_says_why_per_AMA_CPT(int? minutes)
    {
        var coding = BillingRules.Derive(new SessionBillingFacts(IntendedTreatment.IvKetamine, new DateOnly(2026, 11, 23), 35, minutes, false), Table);

        Assert.Equal(["J3490"], coding.Lines.Select(l => l.Code));
        Assert.Single(coding.Notes);
    }

    [Fact]
    public void A_date_no_row_covers_is_named_in_the_notes_not_guessed_per_ADR_0015()
    {
        var coding = BillingRules.Derive(new SessionBillingFacts(IntendedTreatment.Esketamine, new DateOnly(2019, 6, 1), 56, null, true), Table);

        Assert.Empty(coding.Lines);
        Assert.Equal(2, coding.Notes.Count);
    }
}
