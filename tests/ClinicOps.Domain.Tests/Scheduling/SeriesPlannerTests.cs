using ClinicOps.Domain.Scheduling;

namespace ClinicOps.Domain.Tests.Scheduling;

public sealed class SeriesPlannerTests
{
    private static readonly TimeZoneInfo _chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly Guid _chair1 = new("c0000000-0000-4000-8000-000000000001");
    private static readonly Guid _chair2 = new("c0000000-0000-4000-8000-000000000002");

    private static SiteCalendar Weekdays(params Closure[] closures) => new(
        _chicago,
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new OpeningHours(d, new TimeOnly(8, 0), new TimeOnly(18, 0)))],
        closures);

    private static ChairBookings Chair(Guid id, string name, params BusyInterval[] busy) => new(id, name, busy);

    private static SeriesRequest Request(ProtocolDefinition protocol, DateOnly start, params TimeOnly[] times) =>
        new(1, protocol.InductionSessions, start, protocol.InductionWeekdays, times.Length == 0 ? [new TimeOnly(9, 0)] : times, []);

    private static SeriesSpacing Spacing(ProtocolDefinition protocol) =>
        new TreatmentProtocol(Guid.NewGuid(), protocol).SpacingFor(CoursePhase.Induction);

    [Fact]
    public void Esketamine_TRD_induction_is_eight_sessions_twice_weekly_over_four_weeks_per_Spravato_label()
    {
        var plan = SeriesPlanner.Plan(Request(SeededProtocols.EsketamineTrd, new DateOnly(2026, 12, 7)), Spacing(SeededProtocols.EsketamineTrd),
            Weekdays(), [Chair(_chair1, "Chair 1")], []);

        Assert.Empty(plan.Unplaced);
        Assert.Equal(
            ["2026-12-07", "2026-12-10", "2026-12-14", "2026-12-17", "2026-12-21", "2026-12-24", "2026-12-28", "2026-12-31"],
            plan.Sessions.Select(s => s.LocalDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Enumerable.Range(1, 8), plan.Sessions.Select(s => s.SessionNumber));
        Assert.All(plan.Sessions, s => Assert.Equal(TimeSpan.FromMinutes(165), s.EndsAt - s.StartsAt));
    }

    [Fact]
    public void Esketamine_MDD_with_suicidal_ideation_is_eight_sessions_twice_weekly_for_four_weeks_per_Spravato_label()
    {
        var plan = SeriesPlanner.Plan(Request(SeededProtocols.EsketamineMddSuicidalIdeation, new DateOnly(2026, 12, 7)),
            Spacing(SeededProtocols.EsketamineMddSuicidalIdeation), Weekdays(), [Chair(_chair1, "Chair 1")], []);

        Assert.Equal(8, plan.Sessions.Count);
        Assert.True(plan.Sessions[^1].LocalDate <= new DateOnly(2026, 12, 7).AddDays(27));
    }

    [Fact]
    public void IV_ketamine_is_six_infusions_Monday_Wednesday_Friday_over_two_weeks_per_clinic_protocol()
    {
        var plan = SeriesPlanner.Plan(Request(SeededProtocols.IvKetamine, new DateOnly(2026, 12, 7)), Spacing(SeededProtocols.IvKetamine),
            Weekdays(), [Chair(_chair1, "Chair 1")], []);

        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday, DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday],
            plan.Sessions.Select(s => s.LocalDate.DayOfWeek));
        Assert.Equal(new DateOnly(2026, 12, 18), plan.Sessions[^1].LocalDate);
        Assert.All(plan.Sessions, s => Assert.Equal(TimeSpan.FromMinutes(195), s.EndsAt - s.StartsAt));
    }

    [Theory]
    [InlineData(2, new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday }, new[] { 7, 9, 14, 16 })]
    [InlineData(3, new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday }, new[] { 7, 10, 14, 17 })]
    public void Doses_are_never_closer_than_the_protocols_minimum_days_per_protocol_spacing(int minDays, DayOfWeek[] weekdays, int[] expectedDays)
    {
        var spacing = new SeriesSpacing(minDays, 2, TimeSpan.FromMinutes(165), 28);

        var plan = SeriesPlanner.Plan(new SeriesRequest(1, 4, new DateOnly(2026, 12, 7), weekdays, [new TimeOnly(9, 0)], []), spacing,
            Weekdays(), [Chair(_chair1, "Chair 1")], []);

        Assert.Equal(expectedDays, plan.Sessions.Select(s => s.LocalDate.Day));
    }

    [Fact]
    public void A_closure_is_skipped_and_explained_per_site_calendar()
    {
        var plan = SeriesPlanner.Plan(Request(SeededProtocols.EsketamineTrd, new DateOnly(2026, 12, 21)), Spacing(SeededProtocols.EsketamineTrd),
            Weekdays(new Closure(new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25), "Christmas")), [Chair(_chair1, "Chair 1")], []);

        Assert.DoesNotContain(plan.Sessions, s => s.LocalDate == new DateOnly(2026, 12, 24));
        var afterClosure = plan.Sessions.First(s => s.LocalDate > new DateOnly(2026, 12, 21));
        Assert.Contains(afterClosure.Notes, n => n.Contains("closed (Christmas)", StringComparison.Ordinal));
    }

    [Fact]
    public void Sessions_that_do_not_fit_the_window_are_unplaced_with_reasons_per_protocol_spacing()
    {
        var closedAll = new Closure(new DateOnly(2026, 12, 14), new DateOnly(2027, 1, 31), "Renovation");

        var plan = SeriesPlanner.Plan(Request(SeededProtocols.EsketamineTrd, new DateOnly(2026, 12, 7)), Spacing(SeededProtocols.EsketamineTrd),
            Weekdays(closedAll), [Chair(_chair1, "Chair 1")], []);

        Assert.Equal(2, plan.Sessions.Count);
        Assert.Equal([3, 4, 5, 6, 7, 8], plan.Unplaced.Select(u => u.SessionNumber));
        Assert.All(plan.Unplaced, u => Assert.Contains(u.Reasons, r => r.Contains("Renovation", StringComparison.Ordinal)));
        Assert.All(plan.Unplaced, u => Assert.Contains(u.Reasons, r => r.StartsWith("No preferred date up to", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_full_chair_moves_the_session_to_a_free_chair_or_the_next_time_per_chair_capacity()
    {
        var monday = _chicago.ToUtcOffset(new DateTime(2026, 12, 7, 9, 0, 0));
        var busyMorning = new BusyInterval(monday, monday.AddHours(3));

        var secondChair = SeriesPlanner.Plan(Request(SeededProtocols.EsketamineTrd, new DateOnly(2026, 12, 7)), Spacing(SeededProtocols.EsketamineTrd),
            Weekdays(), [Chair(_chair1, "Chair 1", busyMorning), Chair(_chair2, "Chair 2")], []);
        var laterTime = SeriesPlanner.Plan(Request(SeededProtocols.EsketamineTrd, new DateOnly(2026, 12, 7), new TimeOnly(9, 0), new TimeOnly(13, 0)),
            Spacing(SeededProtocols.EsketamineTrd), Weekdays(), [Chair(_chair1, "Chair 1", busyMorning)], []);

        Assert.Equal(_chair2, secondChair.Sessions[0].ChairId);
        Assert.Equal((new DateOnly(2026, 12, 7), new TimeOnly(13, 0)), (laterTime.Sessions[0].LocalDate, laterTime.Sessions[0].LocalStart));
        Assert.Contains(laterTime.Sessions[0].Notes, n => n.Contains("all 1 chairs are taken", StringComparison.Ordinal));
    }

    [Fact]
    public void The_patients_other_appointments_are_avoided_per_scheduling_rules()
    {
        var monday = _chicago.ToUtcOffset(new DateTime(2026, 12, 7, 10, 0, 0));

        var plan = SeriesPlanner.Plan(Request(SeededProtocols.EsketamineTrd, new DateOnly(2026, 12, 7)), Spacing(SeededProtocols.EsketamineTrd),
            Weekdays(), [Chair(_chair1, "Chair 1")], [new BusyInterval(monday, monday.AddHours(1))]);

        Assert.Equal(new DateOnly(2026, 12, 10), plan.Sessions[0].LocalDate);
        Assert.Contains(plan.Sessions[0].Notes, n => n.Contains("the patient has another appointment", StringComparison.Ordinal));
    }

    [Fact]
    public void Opening_hours_too_short_for_the_session_are_explained_per_site_calendar()
    {
        var plan = SeriesPlanner.Plan(Request(SeededProtocols.EsketamineTrd, new DateOnly(2026, 12, 7), new TimeOnly(16, 0)),
            Spacing(SeededProtocols.EsketamineTrd), Weekdays(), [Chair(_chair1, "Chair 1")], []);

        Assert.Empty(plan.Sessions);
        Assert.Contains(plan.Unplaced[0].Reasons, r => r.Contains("does not fit the opening hours", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-10-26", "2026-11-02", -5, -6)]
    [InlineData("2026-03-02", "2026-03-09", -6, -5)]
    public void A_series_across_a_daylight_saving_change_keeps_its_local_time_per_site_time_zone(string before, string after, int offsetBefore, int offsetAfter)
    {
        var start = DateOnly.Parse(before, System.Globalization.CultureInfo.InvariantCulture);
        var plan = SeriesPlanner.Plan(new SeriesRequest(1, 2, start, [DayOfWeek.Monday], [new TimeOnly(9, 0)], []),
            new SeriesSpacing(2, 2, TimeSpan.FromMinutes(165), 14), Weekdays(), [Chair(_chair1, "Chair 1")], []);

        Assert.Equal([start, DateOnly.Parse(after, System.Globalization.CultureInfo.InvariantCulture)], plan.Sessions.Select(s => s.LocalDate));
        Assert.All(plan.Sessions, s => Assert.Equal(new TimeOnly(9, 0), s.LocalStart));
        Assert.Equal(9 - offsetBefore, plan.Sessions[0].StartsAt.UtcDateTime.Hour);
        Assert.Equal(9 - offsetAfter, plan.Sessions[1].StartsAt.UtcDateTime.Hour);
    }

    [Fact]
    public void A_local_time_skipped_by_spring_forward_is_explained_not_shifted_per_site_time_zone()
    {
        var sundays = new SiteCalendar(_chicago, [new OpeningHours(DayOfWeek.Sunday, new TimeOnly(0, 0), new TimeOnly(23, 45))], []);

        var plan = SeriesPlanner.Plan(new SeriesRequest(1, 1, new DateOnly(2026, 3, 8), [DayOfWeek.Sunday], [new TimeOnly(2, 30)], []),
            new SeriesSpacing(2, 2, TimeSpan.FromMinutes(60), 1), sundays, [Chair(_chair1, "Chair 1")], []);

        Assert.Empty(plan.Sessions);
        Assert.Contains(plan.Unplaced[0].Reasons, r => r.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Earlier_doses_count_toward_spacing_and_the_weekly_limit_per_protocol_spacing()
    {
        var plan = SeriesPlanner.Plan(
            new SeriesRequest(3, 1, new DateOnly(2026, 12, 8), [DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Monday], [new TimeOnly(9, 0)],
                [new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 9)]),
            Spacing(SeededProtocols.EsketamineTrd), Weekdays(), [Chair(_chair1, "Chair 1")], []);

        Assert.Equal((3, new DateOnly(2026, 12, 14)), (plan.Sessions[0].SessionNumber, plan.Sessions[0].LocalDate));
    }
}

internal static class TimeZoneTestExtensions
{
    public static DateTimeOffset ToUtcOffset(this TimeZoneInfo zone, DateTime local) =>
        new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
}
