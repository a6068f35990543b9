using ClinicOps.Domain.TreatmentDay;

namespace ClinicOps.Domain.Tests.TreatmentDay;

/// <summary>The observation board's next checkpoint (DOMAIN.md "Treatment day" step 4: BP before dosing, about 40 minutes after, before completion).</summary>
public sealed class BoardRulesTests
{
    private static readonly DateTimeOffset FirstDevice = new(2026, 11, 23, 15, 10, 0, TimeSpan.Zero);
    private static readonly DoseTimeline Esketamine = new(FirstDevice, FirstDevice, null, 120);

    private static VitalSigns Bp(int minutesAfterFirstDevice) => new(FirstDevice.AddMinutes(minutesAfterFirstDevice), 128, 80);

    private static NextCheckpoint? Next(int nowMinutes, params VitalSigns[] readings) =>
        BoardRules.Next(CheckpointPlan.Esketamine, Checkpoints.Evaluate(CheckpointPlan.Esketamine, Esketamine, readings, FirstDevice.AddMinutes(nowMinutes)), true, readings.Length > 0,
            FirstDevice.AddMinutes(nowMinutes));

    public static TheoryData<int, int[], string?, bool> EsketamineDay => new()
    {
        // minutes now, BP readings (minutes after the first device), next checkpoint, overdue
        { 10, [-5], "40 minutes after dosing", false },
        { 45, [-5], "40 minutes after dosing", false },
        { 51, [-5], "40 minutes after dosing", true },
        { 51, [-5, 40], "before completion", false },
        { 121, [-5, 40], "before completion", true },
        { 121, [-5, 40, 110], null, false },
        { 20, [], "pre-dose", true },
    };

    [Theory]
    [MemberData(nameof(EsketamineDay))]
    public void The_next_esketamine_checkpoint_and_whether_it_is_overdue_follow_the_label_checkpoints(int now, int[] readings, string? expected, bool overdue)
    {
        var next = Next(now, [.. readings.Select(Bp)]);

        Assert.Equal(expected, next?.Name);
        Assert.Equal(overdue, next?.Overdue ?? false);
    }

    [Fact]
    public void Before_dosing_the_pre_dose_blood_pressure_is_next_until_one_is_taken()
    {
        Assert.Equal(new NextCheckpoint("pre-dose", null, null, false), BoardRules.Next(CheckpointPlan.Esketamine, [], dosed: false, hasBloodPressure: false, FirstDevice));
        Assert.Null(BoardRules.Next(CheckpointPlan.Esketamine, [], dosed: false, hasBloodPressure: true, FirstDevice));
    }

    [Fact]
    public void The_40_minute_window_closes_at_50_minutes_per_the_label()
    {
        var next = Next(45, Bp(-5))!;

        Assert.Equal((FirstDevice.AddMinutes(30), FirstDevice.AddMinutes(50)), (next.DueFrom, next.DueBy));
    }

    public static TheoryData<int, int[], string, bool> DuringAnInfusion => new()
    {
        // minutes since the infusion started, BP readings (minutes), the window to take next, overdue
        { 4, [], "infusion 0-10 min", false },
        { 4, [3], "infusion 10-20 min", false },
        { 12, [3], "infusion 10-20 min", false },
        { 22, [3], "infusion 10-20 min", true },
        { 22, [3, 15], "infusion 20-30 min", false },
        { 25, [3, 15, 21], "infusion 30-40 min", false },
    };

    [Theory]
    [MemberData(nameof(DuringAnInfusion))]
    public void During_an_IV_infusion_a_reading_is_due_in_every_10_minute_window_per_Emory_practice(int now, int[] readings, string expected, bool overdue)
    {
        var next = BoardRules.DuringInfusion(CheckpointPlan.IvKetamine, FirstDevice, readings.Select(m => FirstDevice.AddMinutes(m)), FirstDevice.AddMinutes(now))!;

        Assert.Equal((expected, overdue), (next.Name, next.Overdue));
        Assert.Equal(next.DueFrom!.Value.AddMinutes(10), next.DueBy);
    }

    [Fact]
    public void Esketamine_has_no_infusion_windows() =>
        Assert.Null(BoardRules.DuringInfusion(CheckpointPlan.Esketamine, FirstDevice, [], FirstDevice.AddMinutes(15)));

    [Theory]
    [InlineData("Avery", "Quinn", "AQ")]
    [InlineData(" élodie ", "de la Cruz", "ÉD")]
    [InlineData("", "Quinn", "Q")]
    public void Initials_are_the_first_letters_of_the_given_and_family_names(string given, string family, string initials) =>
        Assert.Equal(initials, BoardRules.Initials(given, family));
}
