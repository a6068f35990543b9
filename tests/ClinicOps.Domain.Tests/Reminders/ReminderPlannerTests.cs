using System.Globalization;
using ClinicOps.Domain.Authorizations;
using ClinicOps.Domain.Reminders;
using ClinicOps.Domain.Webhooks;

namespace ClinicOps.Domain.Tests.Reminders;

/// <summary>When reminders fall due. Sources: DOMAIN.md "Treatment day" 1, 6 and 7; issue 11 for the staff reminders.</summary>
public sealed class ReminderPlannerTests
{
    private static readonly DateTimeOffset Session = At("2026-11-30T15:00:00Z");

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    private static string[] Describe(IEnumerable<PlannedReminder> plan) =>
        [.. plan.Select(p => $"{p.Kind}/{p.Label}@{p.DueAt.UtcDateTime:yyyy-MM-ddTHH:mm}")];

    public static TheoryData<string, string[]> BeforeTheDay => new()
    {
        // Booked a week ahead: both reminders with the preparation rules, and the PHQ-9 the day before.
        { "2026-11-23T15:00:00Z", ["AppointmentReminder/48h@2026-11-28T15:00", "AppointmentReminder/24h@2026-11-29T15:00", "Phq9SelfReportDue/24h@2026-11-29T15:00"] },
        // Booked 30 hours ahead: the 48-hour reminder's time has passed; the 24-hour one stays.
        { "2026-11-29T09:00:00Z", ["AppointmentReminder/24h@2026-11-29T15:00", "Phq9SelfReportDue/24h@2026-11-29T15:00"] },
        // Booked 10 hours ahead: both passed, so the preparation rules go at once, and the PHQ-9 too.
        { "2026-11-30T05:00:00Z", ["AppointmentReminder/at-booking@2026-11-30T05:00", "Phq9SelfReportDue/24h@2026-11-30T05:00"] },
        // The session has begun: nothing.
        { "2026-11-30T15:00:00Z", [] },
    };

    [Theory]
    [MemberData(nameof(BeforeTheDay))]
    public void Reminders_before_a_dosing_session_carry_the_preparation_rules_and_never_fall_in_the_past_per_DOMAIN_treatment_day_1(string bookedAt, string[] expected)
    {
        Assert.Equal(expected, Describe(ReminderPlanner.BeforeDosingSession(Session, ReminderSettings.Default, At(bookedAt))));
    }

    [Fact]
    public void The_preparation_rules_name_the_ride_home_the_fasting_and_the_liquids_per_DOMAIN_treatment_day_1()
    {
        var rules = string.Join(' ', ReminderPlanner.PreparationRules);
        Assert.Contains("ride home", rules, StringComparison.Ordinal);
        Assert.Contains("not drive until the next day", rules, StringComparison.Ordinal);
        Assert.Contains("No food for 2 hours", rules, StringComparison.Ordinal);
        Assert.Contains("No liquids for 30 minutes", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Site_offsets_replace_the_defaults_per_issue_11()
    {
        var settings = ReminderSettings.Default with { AppointmentReminderHoursBefore = [24, 72], Phq9HoursBefore = 6 };
        Assert.Equal(
            ["AppointmentReminder/72h@2026-11-27T15:00", "AppointmentReminder/24h@2026-11-29T15:00", "Phq9SelfReportDue/6h@2026-11-30T09:00"],
            Describe(ReminderPlanner.BeforeDosingSession(Session, settings, At("2026-11-20T00:00:00Z"))));
    }

    public static TheoryData<string, string> AfterTheDay => new()
    {
        { "next-day", "NextDayCheckIn/next-day@2026-12-01T13:00" },
        { "dose", "IntegrationTherapyNudge/after-dose@2026-12-01T17:00" },
        { "induction", "FollowUpVisitNudge/after-induction@2026-12-01T17:00" },
        { "cap", "MaintenanceReevaluationDue/cap-reached@2026-12-01T17:00" },
        { "no-show", "NoShowFollowUp/no-show@2026-11-30T18:00" },
        { "urgent", "UrgentScreeningUnacknowledged/unacknowledged@2026-11-30T18:00" },
    };

    [Theory]
    [MemberData(nameof(AfterTheDay))]
    public void Reminders_after_the_day_fall_due_at_the_site_offsets_per_DOMAIN_treatment_day_7_and_issue_11(string trigger, string expected)
    {
        var at = At("2026-11-30T17:00:00Z");
        var s = ReminderSettings.Default;
        var planned = trigger switch
        {
            "next-day" => ReminderPlanner.AfterSessionEnded(At("2026-11-30T17:00:00Z"), s),
            "dose" => ReminderPlanner.AfterDose(at, s),
            "induction" => ReminderPlanner.AfterInductionEnded(at, s),
            "cap" => ReminderPlanner.AfterLastAllowedMaintenanceSession(at, s),
            "no-show" => ReminderPlanner.AfterNoShow(at, s),
            _ => ReminderPlanner.AfterUrgentScreening(at, s),
        };
        Assert.Equal(expected, Describe([planned]).Single());
        Assert.Equal(
            trigger is "no-show" or "urgent" ? ReminderAudience.Staff : ReminderAudience.Patient,
            ReminderPlanner.AudienceOf(planned.Kind));
    }

    [Fact]
    public void A_REMS_record_reminds_staff_after_5_days_and_is_overdue_at_the_7_day_deadline_per_DOMAIN_treatment_day_6()
    {
        var ended = At("2026-11-30T17:00:00Z");
        Assert.Equal(
            ["RemsRecordNotSubmitted/5d@2026-12-05T17:00", "RemsRecordOverdue/deadline@2026-12-07T17:00"],
            Describe(ReminderPlanner.ForRemsRecord(ended, ended.AddDays(7), ReminderSettings.Default)));
    }

    [Fact]
    public void Prior_authorization_reminders_are_for_staff_and_due_at_once_per_issue_15_and_ADR_0015()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            ["PriorAuthorizationExpiring/14d@2026-11-21T12:00", "PriorAuthorizationFewSessionsLeft/2-left@2026-11-21T12:00"],
            Describe([ReminderPlanner.ForPriorAuthorization(AuthorizationReminder.ExpiresWithin14Days, now),
                ReminderPlanner.ForPriorAuthorization(AuthorizationReminder.FewSessionsLeft, now)]));
        Assert.Equal(ReminderAudience.Staff, ReminderPlanner.AudienceOf(ReminderKind.PriorAuthorizationExpiring));
        Assert.Equal(ReminderAudience.Staff, ReminderPlanner.AudienceOf(ReminderKind.PriorAuthorizationFewSessionsLeft));
    }

    [Theory]
    [InlineData(ReminderKind.IntegrationTherapyNudge, true, false)]
    [InlineData(ReminderKind.IntegrationTherapyNudge, false, true)]
    [InlineData(ReminderKind.FollowUpVisitNudge, true, false)]
    [InlineData(ReminderKind.RemsRecordNotSubmitted, true, false)]
    [InlineData(ReminderKind.RemsRecordOverdue, false, true)]
    [InlineData(ReminderKind.UrgentScreeningUnacknowledged, true, false)]
    [InlineData(ReminderKind.AppointmentReminder, true, false)]
    [InlineData(ReminderKind.AppointmentReminder, false, true)]
    [InlineData(ReminderKind.Phq9SelfReportDue, true, false)]
    [InlineData(ReminderKind.NextDayCheckIn, true, true)]
    [InlineData(ReminderKind.NoShowFollowUp, true, true)]
    [InlineData(ReminderKind.PriorAuthorizationExpiring, true, false)]
    [InlineData(ReminderKind.PriorAuthorizationFewSessionsLeft, false, true)]
    public void A_conditional_reminder_is_dropped_once_what_it_asks_for_is_done_per_issue_11(ReminderKind kind, bool done, bool stillNeeded)
    {
        Assert.Equal(stillNeeded, ReminderPlanner.IsStillNeeded(kind, done));
    }

    [Fact]
    public void A_reminder_is_sent_once_moved_or_cancelled_only_while_scheduled_per_issue_11()
    {
        var reminder = new Reminder(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), ReminderKind.AppointmentReminder, "24h", Session, null);
        Assert.True(reminder.MoveTo(Session.AddHours(1)));
        Assert.True(reminder.MarkSent(Guid.NewGuid(), Session));
        Assert.False(reminder.MarkSent(Guid.NewGuid(), Session));
        Assert.False(reminder.MoveTo(Session));
        Assert.False(reminder.Cancel("late"));
        Assert.Equal(ReminderStatus.Sent, reminder.Status);
    }
}

/// <summary>Retries of failed webhook deliveries (issue 11: exponential backoff with jitter, then a dead letter).</summary>
public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Failed = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0.0, 30)]
    [InlineData(1, 0.999, 37.5)]
    [InlineData(2, 0.0, 60)]
    [InlineData(3, 0.5, 135)]
    [InlineData(7, 0.0, 1920)]
    public void Each_retry_waits_twice_as_long_stretched_by_up_to_a_quarter_of_jitter(int attemptsMade, double random, double seconds)
    {
        var next = RetrySchedule.Default.NextAttempt(attemptsMade, Failed, random);
        Assert.Equal(seconds, (next!.Value - Failed).TotalSeconds, precision: 1);
    }

    [Fact]
    public void Waits_grow_whatever_the_jitter_until_the_cap_and_the_attempts_end_in_the_dead_letter()
    {
        var schedule = new RetrySchedule(12, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 0.25);
        for (var attempt = 1; attempt < 7; attempt++)
        {
            var longestNow = schedule.NextAttempt(attempt, Failed, 0.999)!.Value;
            var shortestNext = schedule.NextAttempt(attempt + 1, Failed, 0.0)!.Value;
            Assert.True(shortestNext > longestNow, $"attempt {attempt}");
        }

        Assert.Equal(TimeSpan.FromHours(1), schedule.NextAttempt(11, Failed, 0.0)!.Value - Failed);
        Assert.Null(schedule.NextAttempt(12, Failed, 0.0));
        Assert.Null(RetrySchedule.Default.NextAttempt(RetrySchedule.Default.MaxAttempts, Failed, 0.5));
    }
}
