namespace ClinicOps.Domain.Reminders;

/// <summary>
/// A site's reminder offsets (each configurable per site; these defaults follow the treatment-day brief, DOMAIN.md
/// "Treatment day" 1, 6 and 7). Stored whole with the site.
/// </summary>
public sealed record ReminderSettings
{
    /// <summary>The defaults.</summary>
    public static ReminderSettings Default { get; } = new();

    /// <summary>Hours before a dosing session at which the patient is reminded (default 48 and 24).</summary>
    public IReadOnlyList<int> AppointmentReminderHoursBefore { get; init; } = [48, 24];

    /// <summary>Hours after the session ends for the next-day check-in (default 20: the next morning of an afternoon session).</summary>
    public int NextDayCheckInHoursAfter { get; init; } = 20;

    /// <summary>Hours after a dose within which integration therapy should be booked (default 24).</summary>
    public int IntegrationTherapyNudgeHoursAfterDose { get; init; } = 24;

    /// <summary>Days after the induction ends within which a follow-up visit should be booked (default 7).</summary>
    public int FollowUpVisitWithinDays { get; init; } = 7;

    /// <summary>Hours after the induction ends at which the follow-up nudge is sent when no visit is booked (default 24).</summary>
    public int FollowUpVisitNudgeHoursAfterInduction { get; init; } = 24;

    /// <summary>Hours after the last session a re-evaluation allowed at which the re-evaluation reminder is sent (default 24).</summary>
    public int MaintenanceReevaluationHoursAfterLastSession { get; init; } = 24;

    /// <summary>Hours before a dosing session at which the PHQ-9 self-report is asked for (default 24).</summary>
    public int Phq9HoursBefore { get; init; } = 24;

    /// <summary>Days after the session at which an unsubmitted REMS record reminds staff (default 5; the deadline is 7).</summary>
    public int RemsRecordReminderDaysAfterSession { get; init; } = 5;

    /// <summary>Minutes after a no-show at which staff are reminded to follow up (default 60).</summary>
    public int NoShowFollowUpMinutesAfter { get; init; } = 60;

    /// <summary>Minutes an urgent screening may wait for acknowledgement before staff are reminded (default 60).</summary>
    public int UrgentScreeningAcknowledgementMinutes { get; init; } = 60;
}
