namespace ClinicOps.Domain.Reminders;

/// <summary>What a reminder is about. The list may grow.</summary>
public enum ReminderKind
{
    /// <summary>Patient: a dosing session is coming (48 h and 24 h before by default), with the preparation rules.</summary>
    AppointmentReminder,

    /// <summary>Patient: the day after a dosing session, how are you.</summary>
    NextDayCheckIn,

    /// <summary>Patient: no integration therapy is booked within 24 h after a dose.</summary>
    IntegrationTherapyNudge,

    /// <summary>Patient: the induction ended and no follow-up visit is booked within 7 days.</summary>
    FollowUpVisitNudge,

    /// <summary>Patient: the sessions the last re-evaluation allowed are used up; maintenance needs a re-evaluation.</summary>
    MaintenanceReevaluationDue,

    /// <summary>Patient: fill in the PHQ-9 self-report before the session.</summary>
    Phq9SelfReportDue,

    /// <summary>Staff: the REMS monitoring record is still not submitted 5 days after the session (deadline 7 days).</summary>
    RemsRecordNotSubmitted,

    /// <summary>Staff: the REMS monitoring record passed its 7-day deadline unsubmitted (published as <c>rems.record-overdue</c>).</summary>
    RemsRecordOverdue,

    /// <summary>Staff: the patient did not come; follow up.</summary>
    NoShowFollowUp,

    /// <summary>Staff: an urgent screening is not acknowledged by a clinician within an hour.</summary>
    UrgentScreeningUnacknowledged,

    /// <summary>Staff: an approved prior authorization expires within 14 days (ADR 0015).</summary>
    PriorAuthorizationExpiring,

    /// <summary>Staff: an approved prior authorization has 2 or fewer approved sessions left (ADR 0015).</summary>
    PriorAuthorizationFewSessionsLeft,
}

/// <summary>Who a reminder is for.</summary>
public enum ReminderAudience
{
    /// <summary>The patient (the clinic's system sends the message).</summary>
    Patient,

    /// <summary>The clinic's staff.</summary>
    Staff,
}

/// <summary>Where a reminder stands.</summary>
public enum ReminderStatus
{
    /// <summary>Waiting for its due time.</summary>
    Scheduled,

    /// <summary>Published to the clinic's systems (its event is in the outbox and delivered from there).</summary>
    Sent,

    /// <summary>Every delivery of its event to a subscription ended in the dead letter.</summary>
    Failed,

    /// <summary>No longer needed: its session was cancelled, or what it asked for was done before it was due.</summary>
    Cancelled,
}
