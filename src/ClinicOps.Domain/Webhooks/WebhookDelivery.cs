using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Webhooks;

/// <summary>Where a delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed; waiting for an administrator's retry.</summary>
    DeadLettered,
}

/// <summary>
/// One event for one subscription. Unique per (subscription, event), so the fan-out can run twice without creating
/// a second delivery; claimed with a lease before the POST, so two scheduler nodes never send it at the same time.
/// </summary>
public sealed class WebhookDelivery : AuditableEntity, ISiteScoped
{
    private WebhookDelivery()
    {
        EventType = string.Empty;
    }

    /// <summary>Creates a pending delivery, due at once.</summary>
    public WebhookDelivery(WebhookSubscription subscription, Guid eventId, long eventSequence, string eventType, DateTimeOffset now)
        : this()
    {
        SubscriptionId = subscription.Id;
        SiteId = subscription.SiteId;
        EventId = eventId;
        EventSequence = eventSequence;
        EventType = eventType;
        Status = DeliveryStatus.Pending;
        NextAttemptAt = now;
    }

    /// <summary>The subscription.</summary>
    public Guid SubscriptionId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>The event (its id is the webhook-id).</summary>
    public Guid EventId { get; private set; }

    /// <summary>The event's outbox sequence.</summary>
    public long EventSequence { get; private set; }

    /// <summary>The event's type.</summary>
    public string EventType { get; private set; }

    /// <summary>Where it stands.</summary>
    public DeliveryStatus Status { get; private set; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; private set; }

    /// <summary>When the next attempt is due (pending only).</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Until when a node holds it for an attempt in progress; another node may take it over after that.</summary>
    public DateTimeOffset? LeasedUntil { get; private set; }

    /// <summary>The last attempt.</summary>
    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The last answer's HTTP status, if any.</summary>
    public int? LastStatusCode { get; private set; }

    /// <summary>Why the last attempt failed (no PHI: status codes and error kinds only).</summary>
    public string? LastError { get; private set; }

    /// <summary>When the receiver accepted it.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>Whether a node may claim it now.</summary>
    public bool IsDue(DateTimeOffset now) => Status == DeliveryStatus.Pending && NextAttemptAt <= now && (LeasedUntil is null || LeasedUntil <= now);

    /// <summary>Holds it for one attempt.</summary>
    public void Lease(DateTimeOffset until) => LeasedUntil = until;

    /// <summary>Records a 2xx answer.</summary>
    public void Succeeded(DateTimeOffset at, int statusCode)
    {
        Attempts++;
        (Status, DeliveredAt, LastAttemptAt, LastStatusCode, LastError, NextAttemptAt, LeasedUntil) =
            (DeliveryStatus.Delivered, at, at, statusCode, null, null, null);
    }

    /// <summary>Records a failed attempt: retried at <paramref name="retryAt"/>, or dead-lettered when that is null.</summary>
    public void Failed(DateTimeOffset at, int? statusCode, string error, DateTimeOffset? retryAt)
    {
        Attempts++;
        (LastAttemptAt, LastStatusCode, LastError, LeasedUntil) = (at, statusCode, error, null);
        (Status, NextAttemptAt) = retryAt is null ? (DeliveryStatus.DeadLettered, null) : (DeliveryStatus.Pending, retryAt);
    }

    /// <summary>An administrator's retry of a dead-lettered delivery: pending again, due at once, with a fresh count.</summary>
    public bool Retry(DateTimeOffset now)
    {
        if (Status != DeliveryStatus.DeadLettered)
        {
            return false;
        }

        (Status, NextAttemptAt, Attempts) = (DeliveryStatus.Pending, now, 0);
        return true;
    }
}
