using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Reminders;

/// <summary>
/// A reminder of the domain: created, moved or cancelled in the same transaction as the change that causes it, and
/// published (as an outbox event) by the reminder job when due.
/// </summary>
public sealed class Reminder : AuditableEntity, ISiteScoped, IPatientScoped
{
    private Reminder()
    {
        Label = string.Empty;
    }

    /// <summary>Schedules a reminder.</summary>
    public Reminder(Guid siteId, Guid patientId, Guid subjectId, ReminderKind kind, string label, DateTimeOffset dueAt, Guid? appointmentId)
        : this()
    {
        SiteId = siteId;
        PatientId = patientId;
        SubjectId = subjectId;
        Kind = kind;
        Audience = ReminderPlanner.AudienceOf(kind);
        Label = label;
        DueAt = dueAt;
        AppointmentId = appointmentId;
        Status = ReminderStatus.Scheduled;
    }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <summary>The record the reminder follows: an appointment, session, course, screening, REMS record or prior authorization.</summary>
    public Guid SubjectId { get; private set; }

    /// <summary>The session (appointment) it concerns, when there is one.</summary>
    public Guid? AppointmentId { get; private set; }

    /// <summary>What it is about.</summary>
    public ReminderKind Kind { get; private set; }

    /// <summary>Patient or staff.</summary>
    public ReminderAudience Audience { get; private set; }

    /// <summary>Which of several reminders of one kind for one record ("48h", "24h"); stable across moves.</summary>
    public string Label { get; private set; }

    /// <summary>When it is due (UTC).</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>Where it stands.</summary>
    public ReminderStatus Status { get; private set; }

    /// <summary>Delivery attempts of its event, summed over the subscriptions.</summary>
    public int Attempts { get; private set; }

    /// <summary>When it was published.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The id of the event it was published as (stable across delivery retries).</summary>
    public Guid? EventId { get; private set; }

    /// <summary>Why it was cancelled.</summary>
    public string? CancellationReason { get; private set; }

    /// <summary>Moves a scheduled reminder; false when it is no longer scheduled.</summary>
    public bool MoveTo(DateTimeOffset dueAt)
    {
        if (Status != ReminderStatus.Scheduled)
        {
            return false;
        }

        DueAt = dueAt;
        return true;
    }

    /// <summary>Cancels a scheduled reminder; false when it is no longer scheduled.</summary>
    public bool Cancel(string reason)
    {
        if (Status != ReminderStatus.Scheduled)
        {
            return false;
        }

        (Status, CancellationReason) = (ReminderStatus.Cancelled, reason);
        return true;
    }

    /// <summary>Marks it published as the given event; false when it is not scheduled (it was sent already: nothing twice).</summary>
    public bool MarkSent(Guid eventId, DateTimeOffset at)
    {
        if (Status != ReminderStatus.Scheduled)
        {
            return false;
        }

        (Status, EventId, SentAt) = (ReminderStatus.Sent, eventId, at);
        return true;
    }

    /// <summary>Counts a delivery attempt of its event; a dead-lettered delivery marks the reminder failed.</summary>
    public void RecordDeliveryAttempt(bool deadLettered)
    {
        Attempts++;
        if (deadLettered && Status == ReminderStatus.Sent)
        {
            Status = ReminderStatus.Failed;
        }
    }

    /// <summary>A failed reminder whose delivery an administrator retried is sent again.</summary>
    public void Resend()
    {
        if (Status == ReminderStatus.Failed)
        {
            Status = ReminderStatus.Sent;
        }
    }
}
