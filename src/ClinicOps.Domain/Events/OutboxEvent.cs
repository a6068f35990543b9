using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Events;

/// <summary>
/// A domain event, stored in the same transaction as the change it describes (the transactional outbox): nothing is
/// published for a change that rolled back, and nothing is lost for one that committed. <see cref="Sequence"/> grows
/// with every event, so readers (the pull feed, webhook fan-out) resume after the last one they saw, per site.
/// </summary>
public sealed class OutboxEvent : ISiteScoped
{
    private OutboxEvent()
    {
        Type = string.Empty;
        Data = string.Empty;
    }

    /// <summary>Records an event.</summary>
    public OutboxEvent(Guid siteId, Guid? patientId, string type, Guid subjectId, DateTimeOffset occurredAt, string data)
    {
        Id = Guid.CreateVersion7();
        SiteId = siteId;
        PatientId = patientId;
        Type = type;
        SubjectId = subjectId;
        OccurredAt = occurredAt;
        Data = data;
    }

    /// <summary>Monotonic position (assigned by the database on insert).</summary>
    public long Sequence { get; private set; }

    /// <summary>Stable event id: the webhook-id of every delivery attempt, so receivers can deduplicate.</summary>
    public Guid Id { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>The patient concerned, if any (an id only: events carry no PHI).</summary>
    public Guid? PatientId { get; private set; }

    /// <summary>Event type, e.g. <c>appointment.booked</c> (see <see cref="EventTypes"/>).</summary>
    public string Type { get; private set; }

    /// <summary>The record the event is about.</summary>
    public Guid SubjectId { get; private set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The event's data as JSON (ids, times, kinds; never names or contact details).</summary>
    public string Data { get; private set; }

    /// <summary>When the webhook fan-out created this event's deliveries; null until then.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }

    /// <summary>Marks the event fanned out to the subscriptions.</summary>
    public void MarkDispatched(DateTimeOffset at) => DispatchedAt ??= at;
}

/// <summary>The event catalogue.</summary>
public static class EventTypes
{
    /// <summary>An appointment was booked.</summary>
    public const string AppointmentBooked = "appointment.booked";

    /// <summary>An appointment was moved.</summary>
    public const string AppointmentRescheduled = "appointment.rescheduled";

    /// <summary>An appointment was cancelled.</summary>
    public const string AppointmentCancelled = "appointment.cancelled";

    /// <summary>The patient did not come.</summary>
    public const string AppointmentNoShow = "appointment.no-show";

    /// <summary>A dose was given (esketamine devices or the start of a ketamine infusion).</summary>
    public const string DoseGiven = "session.dose-given";

    /// <summary>The patient was discharged (or left early, against advice).</summary>
    public const string PatientDischarged = "session.discharged";

    /// <summary>A vitals reading raised an alert.</summary>
    public const string AlertRaised = "session.alert-raised";

    /// <summary>A screening found an urgent suicide risk.</summary>
    public const string ScreeningUrgent = "screening.urgent";

    /// <summary>A REMS monitoring record passed its 7-day deadline unsubmitted.</summary>
    public const string RemsRecordOverdue = "rems.record-overdue";

    /// <summary>A reminder is due.</summary>
    public const string ReminderDue = "reminder.due";

    /// <summary>Every type, for validating subscriptions.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AppointmentBooked, AppointmentRescheduled, AppointmentCancelled, AppointmentNoShow, DoseGiven, PatientDischarged, AlertRaised,
        ScreeningUrgent, RemsRecordOverdue, ReminderDue,
    ];
}
