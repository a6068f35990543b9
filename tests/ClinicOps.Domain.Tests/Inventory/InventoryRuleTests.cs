using ClinicOps.Domain.Inventory;

namespace ClinicOps.Domain.Tests.Inventory;

public sealed class InventoryRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    public static TheoryData<LotDraw, DrawRefusal?> Draws => new()
    {
        { new LotDraw("A1", 2, new LotView("A1", new DateOnly(2027, 3, 31), 2)), null },
        { new LotDraw("A1", 2, new LotView("A1", Today, 5)), null },
        { new LotDraw("A1", 1, new LotView("A1", Today.AddDays(-1), 5)), DrawRefusal.Expired },
        { new LotDraw("A1", 3, new LotView("A1", new DateOnly(2027, 3, 31), 2)), DrawRefusal.Insufficient },
        { new LotDraw("A1", 1, new LotView("A1", new DateOnly(2027, 3, 31), 0)), DrawRefusal.Insufficient },
        { new LotDraw("ZZ9", 1, null), DrawRefusal.NotInStock },
    };

    [Theory]
    [MemberData(nameof(Draws))]
    public void A_dose_draws_only_from_a_lot_in_stock_usable_through_its_expiry_date_per_21_CFR_1304_22_and_USP_General_Notices_10_40_100(LotDraw draw, DrawRefusal? refusal)
    {
        var findings = InventoryRules.CheckDraws([draw], Today);

        Assert.Equal(refusal, findings.SingleOrDefault()?.Refusal);
    }

    [Fact]
    public void Every_unusable_lot_of_a_dose_is_named_not_only_the_first_per_21_CFR_1304_22()
    {
        var findings = InventoryRules.CheckDraws([new LotDraw("X", 1, null), new LotDraw("Y", 1, new LotView("Y", Today.AddDays(-3), 4))], Today);

        Assert.Equal([("X", DrawRefusal.NotInStock), ("Y", DrawRefusal.Expired)], findings.Select(f => (f.LotNumber, f.Refusal)));
    }

    [Fact]
    public void Each_device_listed_draws_one_unit_from_its_lot_per_Spravato_label_28_mg_per_device()
    {
        Assert.Equal([("A1", 2), ("B2", 1)], InventoryRules.UnitsByLot(["A1", "B2", "A1"]));
    }

    [Theory]
    [InlineData("2026-11-23", true)]
    [InlineData("2026-12-23", true)]
    [InlineData("2026-12-24", false)]
    [InlineData("2026-11-22", false)]
    public void The_expiring_list_covers_usable_lots_expiring_within_30_days_inclusive_per_issue_15_and_USP_General_Notices(string expiresOn, bool expiring)
    {
        Assert.Equal(expiring, InventoryRules.IsExpiringWithin(DateOnly.Parse(expiresOn, System.Globalization.CultureInfo.InvariantCulture), Today, InventoryRules.ExpiringWindowDays));
    }

    [Theory]
    [InlineData(10, 10, 0, false)]
    [InlineData(9, 10, -1, true)]
    [InlineData(11, 10, 1, true)]
    public void A_count_that_differs_from_the_ledger_is_a_flagged_discrepancy_per_21_CFR_1304_11(int counted, int ledger, int discrepancy, bool flagged)
    {
        var result = InventoryRules.Reconcile(counted, ledger);

        Assert.Equal((discrepancy, flagged), (result.Discrepancy, result.Flagged));
    }

    [Theory]
    [InlineData("nurse-a", "nurse-b", false)]
    [InlineData("nurse-a", "NURSE-A", true)]
    [InlineData("nurse-a", " ", true)]
    [InlineData("nurse-a", null, true)]
    public void Waste_needs_a_second_user_as_witness_per_21_CFR_1317_95_d(string recordedBy, string? witness, bool refused)
    {
        Assert.Equal(refused, InventoryRules.CheckWitness(recordedBy, witness) is not null);
    }

    [Theory]
    [InlineData(3, -3, false)]
    [InlineData(3, -4, true)]
    [InlineData(3, 0, true)]
    [InlineData(0, 5, false)]
    public void An_adjusting_entry_changes_the_count_and_never_takes_it_below_zero_per_21_CFR_1304_21(int onHand, int quantity, bool refused)
    {
        Assert.Equal(refused, InventoryRules.CheckAdjustment(onHand, quantity) is not null);
    }

    [Fact]
    public void The_ledger_balance_is_the_signed_sum_of_its_entries_per_21_CFR_1304_21()
    {
        Assert.Equal(7, InventoryRules.Balance([10, -2, -1, 1, -1]));
    }
}
