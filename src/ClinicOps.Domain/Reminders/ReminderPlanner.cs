using ClinicOps.Domain.Authorizations;

namespace ClinicOps.Domain.Reminders;

/// <summary>One reminder a change calls for.</summary>
/// <param name="Kind">What it is about.</param>
/// <param name="Label">Which of several of one kind ("48h", "24h"); used to move it later.</param>
/// <param name="DueAt">When it is due.</param>
public sealed record PlannedReminder(ReminderKind Kind, string Label, DateTimeOffset DueAt);

/// <summary>
/// When each reminder is due (pure: no clock reads, no storage). Sources: DOMAIN.md "Treatment day" 1 (preparation
/// reminders before the day), 6 (REMS form within 7 days) and 7 (integration therapy 24-72 h after a session, a
/// follow-up within a week after the series, maintenance only after a re-evaluation); issue 11 for the staff reminders.
/// </summary>
public static class ReminderPlanner
{
    /// <summary>The preparation rules an appointment reminder carries (DOMAIN.md "Treatment day" 1).</summary>
    public static IReadOnlyList<string> PreparationRules { get; } =
    [
        "Arrange a ride home: you may not drive until the next day, after a restful sleep.",
        "No food for 2 hours before the session.",
        "No liquids for 30 minutes before the session.",
        "Use nasal steroids or decongestants at least 1 hour before the session, if you need them.",
    ];

    /// <summary>Who a kind of reminder is for.</summary>
    public static ReminderAudience AudienceOf(ReminderKind kind) => kind switch
    {
        ReminderKind.RemsRecordNotSubmitted or ReminderKind.RemsRecordOverdue or ReminderKind.NoShowFollowUp
            or ReminderKind.UrgentScreeningUnacknowledged or ReminderKind.PriorAuthorizationExpiring
            or ReminderKind.PriorAuthorizationFewSessionsLeft => ReminderAudience.Staff,
        _ => ReminderAudience.Patient,
    };

    /// <summary>
    /// Reminders before a booked dosing session: one per configured offset, and the PHQ-9 self-report. Reminders whose
    /// time has already passed when the session is booked (or moved) are left out; but when every appointment
    /// reminder has passed and the session is still ahead, one is due at once, so the preparation rules always reach
    /// the patient.
    /// </summary>
    public static IReadOnlyList<PlannedReminder> BeforeDosingSession(DateTimeOffset startsAt, ReminderSettings settings, DateTimeOffset now)
    {
        if (startsAt <= now)
        {
            return [];
        }

        var planned = settings.AppointmentReminderHoursBefore.Distinct().OrderDescending()
            .Select(hours => new PlannedReminder(ReminderKind.AppointmentReminder, $"{hours}h", startsAt.AddHours(-hours)))
            .Where(r => r.DueAt > now)
            .ToList();
        if (planned.Count == 0)
        {
            planned.Add(new PlannedReminder(ReminderKind.AppointmentReminder, "at-booking", now));
        }

        var phq9 = startsAt.AddHours(-settings.Phq9HoursBefore);
        planned.Add(new PlannedReminder(ReminderKind.Phq9SelfReportDue, $"{settings.Phq9HoursBefore}h", phq9 > now ? phq9 : now));
        return planned;
    }

    /// <summary>The next-day check-in after a dosing session ended (discharge or early departure).</summary>
    public static PlannedReminder AfterSessionEnded(DateTimeOffset endedAt, ReminderSettings settings) =>
        new(ReminderKind.NextDayCheckIn, "next-day", endedAt.AddHours(settings.NextDayCheckInHoursAfter));

    /// <summary>The integration-therapy nudge after a dose; sent only if none is booked by then.</summary>
    public static PlannedReminder AfterDose(DateTimeOffset dosedAt, ReminderSettings settings) =>
        new(ReminderKind.IntegrationTherapyNudge, "after-dose", dosedAt.AddHours(settings.IntegrationTherapyNudgeHoursAfterDose));

    /// <summary>The follow-up-visit nudge when an induction ends; sent only if no visit is booked within the window.</summary>
    public static PlannedReminder AfterInductionEnded(DateTimeOffset endedAt, ReminderSettings settings) =>
        new(ReminderKind.FollowUpVisitNudge, "after-induction", endedAt.AddHours(settings.FollowUpVisitNudgeHoursAfterInduction));

    /// <summary>The re-evaluation reminder after the last maintenance session a re-evaluation allowed.</summary>
    public static PlannedReminder AfterLastAllowedMaintenanceSession(DateTimeOffset sessionEndsAt, ReminderSettings settings) =>
        new(ReminderKind.MaintenanceReevaluationDue, "cap-reached", sessionEndsAt.AddHours(settings.MaintenanceReevaluationHoursAfterLastSession));

    /// <summary>The staff reminder (5 days by default) and the overdue notice at the 7-day deadline of a REMS record.</summary>
    public static IReadOnlyList<PlannedReminder> ForRemsRecord(DateTimeOffset sessionEndedAt, DateTimeOffset dueBy, ReminderSettings settings)
    {
        var reminder = sessionEndedAt.AddDays(settings.RemsRecordReminderDaysAfterSession);
        return
        [
            new(ReminderKind.RemsRecordNotSubmitted, $"{settings.RemsRecordReminderDaysAfterSession}d", reminder < dueBy ? reminder : dueBy),
            new(ReminderKind.RemsRecordOverdue, "deadline", dueBy),
        ];
    }

    /// <summary>The staff follow-up after a no-show.</summary>
    public static PlannedReminder AfterNoShow(DateTimeOffset markedAt, ReminderSettings settings) =>
        new(ReminderKind.NoShowFollowUp, "no-show", markedAt.AddMinutes(settings.NoShowFollowUpMinutesAfter));

    /// <summary>The staff reminder when an urgent screening waits for acknowledgement.</summary>
    public static PlannedReminder AfterUrgentScreening(DateTimeOffset recordedAt, ReminderSettings settings) =>
        new(ReminderKind.UrgentScreeningUnacknowledged, "unacknowledged", recordedAt.AddMinutes(settings.UrgentScreeningAcknowledgementMinutes));

    /// <summary>
    /// The staff reminder a prior authorization calls for (<see cref="PriorAuthorizationRules.Reminders"/>), due at
    /// once: the reminder job raises it when the rule first holds, one per PA and kind, ever (ADR 0015).
    /// </summary>
    public static PlannedReminder ForPriorAuthorization(AuthorizationReminder reminder, DateTimeOffset now) => reminder switch
    {
        AuthorizationReminder.ExpiresWithin14Days =>
            new(ReminderKind.PriorAuthorizationExpiring, $"{PriorAuthorizationRules.ExpiryReminderDays}d", now),
        AuthorizationReminder.FewSessionsLeft =>
            new(ReminderKind.PriorAuthorizationFewSessionsLeft, $"{PriorAuthorizationRules.SessionsLeftReminder}-left", now),
        _ => throw new ArgumentOutOfRangeException(nameof(reminder), reminder, "Unknown prior-authorization reminder."),
    };

    /// <summary>
    /// Whether a conditional reminder is still needed when it is published; <paramref name="conditionMet"/> says
    /// whether what makes it pointless has happened: integration therapy or a follow-up visit booked, the REMS record
    /// submitted, the screening acknowledged, the prior authorization no longer approved, or, for the reminders before
    /// a session, the session begun or no longer booked (a reminder published late, after downtime, must not announce a session that is over). The other kinds
    /// are always needed.
    /// </summary>
    public static bool IsStillNeeded(ReminderKind kind, bool conditionMet) => kind switch
    {
        ReminderKind.IntegrationTherapyNudge or ReminderKind.FollowUpVisitNudge or ReminderKind.RemsRecordNotSubmitted
            or ReminderKind.RemsRecordOverdue or ReminderKind.UrgentScreeningUnacknowledged
            or ReminderKind.AppointmentReminder or ReminderKind.Phq9SelfReportDue or ReminderKind.PriorAuthorizationExpiring
            or ReminderKind.PriorAuthorizationFewSessionsLeft => !conditionMet,
        _ => true,
    };
}
