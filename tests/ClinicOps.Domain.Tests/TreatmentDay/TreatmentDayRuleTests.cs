using ClinicOps.Domain.TreatmentDay;

namespace ClinicOps.Domain.Tests.TreatmentDay;

public sealed class TreatmentDayRuleTests
{
    private static readonly DateTimeOffset FirstDevice = new(2026, 12, 3, 15, 10, 0, TimeSpan.Zero);
    private static readonly DoseTimeline Esketamine = new(FirstDevice, FirstDevice, null, 120);

    private static VitalSigns Stable(int minutesAfterDose, int systolic = 128, int moaas = 5) =>
        new(FirstDevice.AddMinutes(minutesAfterDose), systolic, 80, 72, 98, 14, moaas, DissociationLevel.None);

    private static IReadOnlyList<VitalSigns> FullRecord(params VitalSigns[] extra) =>
        [Stable(-10), Stable(40), Stable(115), .. extra];

    private static IReadOnlyList<ReadinessCheck> Readiness(IReadOnlyList<VitalSigns> readings, int minutesNow, int openAlerts = 0, bool ride = true)
    {
        var now = FirstDevice.AddMinutes(minutesNow);
        var checkpoints = Checkpoints.Evaluate(CheckpointPlan.Esketamine, Esketamine, readings, now);
        return DischargeReadiness.Evaluate(new ReadinessInput(Esketamine, checkpoints, readings, openAlerts, AlertThresholds.Default, ride, now));
    }

    [Theory]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    public void The_40_minute_checkpoint_accepts_30_to_50_minutes_per_Spravato_label_BP_peak_near_40_minutes(int minutes, bool met)
    {
        var statuses = Checkpoints.Evaluate(CheckpointPlan.Esketamine, Esketamine, [Stable(-10), Stable(minutes)], FirstDevice.AddMinutes(60));

        var forty = statuses.Single(s => s.Name == "40 minutes after dosing");
        Assert.Equal(met, forty.Met);
        Assert.Equal(!met, forty.Missed);
    }

    [Theory]
    [InlineData(119, false)]
    [InlineData(120, true)]
    public void At_least_120_minutes_from_the_first_device_per_Spravato_REMS_monitoring(int minutes, bool passed)
    {
        var check = Readiness(FullRecord(), minutes).Single(c => c.Id == DischargeReadiness.MonitoringTime);

        Assert.Equal(passed, check.Passed);
        Assert.Equal(passed, DischargeReadiness.IsReady(Readiness(FullRecord(), minutes)));
    }

    [Fact]
    public void MOAAS_4_after_three_hours_is_not_ready_per_Spravato_label_until_sedation_resolves()
    {
        var checks = Readiness(FullRecord(Stable(180, moaas: 4)), 185);

        Assert.True(checks.Single(c => c.Id == DischargeReadiness.MonitoringTime).Passed);
        var sedation = checks.Single(c => c.Id == DischargeReadiness.Sedation);
        Assert.False(sedation.Passed);
        Assert.Contains("latest MOAA/S is 4", sedation.Explanation, StringComparison.Ordinal);
        Assert.False(DischargeReadiness.IsReady(checks));
    }

    [Theory]
    [InlineData(DischargeReadiness.BloodPressure, 185)]
    [InlineData(DischargeReadiness.Ride, 128)]
    [InlineData(DischargeReadiness.NoOpenAlerts, 128)]
    public void Every_failed_check_is_listed_with_a_sentence_per_Spravato_label_and_clinic_policy(string failing, int lastSystolic)
    {
        var checks = Readiness(FullRecord(Stable(125, systolic: lastSystolic)), 130,
            openAlerts: failing == DischargeReadiness.NoOpenAlerts ? 1 : 0, ride: failing != DischargeReadiness.Ride);

        Assert.Equal([failing], checks.Where(c => !c.Passed).Select(c => c.Id));
        Assert.All(checks, c => Assert.EndsWith(".", c.Explanation, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_checkpoint_fails_readiness_per_Spravato_REMS_patient_monitoring_form()
    {
        var checks = Readiness([Stable(-10), Stable(115)], 125);

        var check = checks.Single(c => c.Id == DischargeReadiness.CheckpointsRecorded);
        Assert.False(check.Passed);
        Assert.Contains("40 minutes after dosing", check.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void IV_ketamine_checkpoints_are_every_10_minutes_during_and_15_after_the_infusion_per_Emory_practice()
    {
        var start = FirstDevice;
        var timeline = new DoseTimeline(start, start.AddMinutes(40), start.AddMinutes(40), 120);

        var statuses = Checkpoints.Evaluate(CheckpointPlan.IvKetamine, timeline, [], start.AddMinutes(200));

        Assert.Equal(1 + 4 + 8 + 1, statuses.Count);
        Assert.Equal("infusion 0-10 min", statuses[1].Name);
        Assert.Equal("after infusion 105-120 min", statuses[12].Name);
    }

    public static TheoryData<VitalSigns, AlertKind[]> AlertCases => new()
    {
        { new VitalSigns(FirstDevice, 179, 109), [] },
        { new VitalSigns(FirstDevice, 180, 90), [AlertKind.HighBloodPressure] },
        { new VitalSigns(FirstDevice, 150, 110), [AlertKind.HighBloodPressure] },
        { new VitalSigns(FirstDevice, SpO2: 90), [] },
        { new VitalSigns(FirstDevice, SpO2: 89), [AlertKind.LowOxygenSaturation] },
        { new VitalSigns(FirstDevice, RespiratoryRate: 8), [] },
        { new VitalSigns(FirstDevice, RespiratoryRate: 7), [AlertKind.LowRespiratoryRate] },
        { new VitalSigns(FirstDevice, HeartRate: 40), [] },
        { new VitalSigns(FirstDevice, HeartRate: 39), [AlertKind.LowHeartRate] },
        { new VitalSigns(FirstDevice, HeartRate: 130), [] },
        { new VitalSigns(FirstDevice, HeartRate: 131), [AlertKind.HighHeartRate] },
        { new VitalSigns(FirstDevice, Moaas: 3), [] },
        { new VitalSigns(FirstDevice, Moaas: 2), [AlertKind.DeepSedation] },
        { new VitalSigns(FirstDevice, 200, 120, 35, 85, 6, 1), [AlertKind.HighBloodPressure, AlertKind.LowOxygenSaturation, AlertKind.LowRespiratoryRate, AlertKind.LowHeartRate, AlertKind.DeepSedation] },
    };

    [Theory]
    [MemberData(nameof(AlertCases))]
    public void Default_alert_thresholds_per_clinic_policy_after_Spravato_label_and_REMS(VitalSigns reading, AlertKind[] expected)
    {
        Assert.Equal(expected, AlertRules.Evaluate(reading, AlertThresholds.Default).Select(a => a.Kind));
    }

    [Fact]
    public void A_site_may_configure_its_alert_thresholds_per_clinic_policy()
    {
        var strict = AlertThresholds.Default with { SystolicAtOrAbove = 160 };

        Assert.Single(AlertRules.Evaluate(new VitalSigns(FirstDevice, 165, 90), strict));
        Assert.Empty(AlertRules.Evaluate(new VitalSigns(FirstDevice, 165, 90), AlertThresholds.Default));
    }

    public static TheoryData<VitalSigns, string> Implausible => new()
    {
        { new VitalSigns(FirstDevice, 49, 30), "systolic" },
        { new VitalSigns(FirstDevice, 301, 90), "systolic" },
        { new VitalSigns(FirstDevice, 120, 19), "diastolic" },
        { new VitalSigns(FirstDevice, 120, 120), "diastolic" },
        { new VitalSigns(FirstDevice, HeartRate: 19), "heartRate" },
        { new VitalSigns(FirstDevice, HeartRate: 251), "heartRate" },
        { new VitalSigns(FirstDevice, SpO2: 49), "spO2" },
        { new VitalSigns(FirstDevice, SpO2: 101), "spO2" },
        { new VitalSigns(FirstDevice, RespiratoryRate: 3), "respiratoryRate" },
        { new VitalSigns(FirstDevice, RespiratoryRate: 61), "respiratoryRate" },
        { new VitalSigns(FirstDevice, Moaas: 6), "moaas" },
        { new VitalSigns(FirstDevice, 120), "diastolic" },
        { new VitalSigns(FirstDevice), "reading" },
    };

    [Theory]
    [MemberData(nameof(Implausible))]
    public void Implausible_values_are_refused_naming_the_field_per_device_ranges(VitalSigns reading, string field)
    {
        Assert.Contains(VitalsPlausibility.Problems(reading), p => p.Field == field);
    }

    [Fact]
    public void Minutes_until_stable_without_the_two_hour_rule_per_Spravato_REMS_patient_monitoring_form()
    {
        VitalSigns[] readings = [Stable(-10), Stable(15, moaas: 3), Stable(40, systolic: 165, moaas: 4), Stable(75), Stable(100), Stable(121)];

        Assert.Equal(75, DischargeReadiness.MinutesUntilStableWithoutTwoHourRule(Esketamine, readings, AlertThresholds.Default));
        Assert.Null(DischargeReadiness.MinutesUntilStableWithoutTwoHourRule(Esketamine, [Stable(30, moaas: 2)], AlertThresholds.Default));
    }
}
