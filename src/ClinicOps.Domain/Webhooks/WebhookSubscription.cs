using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Webhooks;

/// <summary>
/// A clinic system that receives events by webhook (Standard Webhooks). The secret signs every delivery; on rotation
/// the previous secret keeps signing alongside the new one until the overlap ends, so receivers can switch over.
/// </summary>
public sealed class WebhookSubscription : AuditableEntity, ISiteScoped
{
    private WebhookSubscription()
    {
        Url = string.Empty;
        EventTypes = [];
        Secret = string.Empty;
    }

    /// <summary>Creates an active subscription.</summary>
    public WebhookSubscription(Guid siteId, string url, IReadOnlyList<string> eventTypes, string secret)
        : this()
    {
        SiteId = siteId;
        Url = url;
        EventTypes = eventTypes;
        Secret = secret;
        Active = true;
    }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Where events are POSTed (http or https, no credentials).</summary>
    public string Url { get; private set; }

    /// <summary>Event types delivered (an empty list means every type).</summary>
    public IReadOnlyList<string> EventTypes { get; private set; }

    /// <summary>The signing secret (<c>whsec_</c> + base64).</summary>
    public string Secret { get; private set; }

    /// <summary>The secret before the last rotation, still signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; private set; }

    /// <summary>When the previous secret stops signing.</summary>
    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    /// <summary>Deliveries are made only while active.</summary>
    public bool Active { get; private set; }

    /// <summary>Whether an event type is delivered to this subscription.</summary>
    public bool Wants(string eventType) => Active && (EventTypes.Count == 0 || EventTypes.Contains(eventType));

    /// <summary>The secrets that sign a delivery made at <paramref name="now"/>: the current one, and the previous one during the overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];

    /// <summary>Replaces URL, event types and the active flag.</summary>
    public void Change(string url, IReadOnlyList<string> eventTypes, bool active) => (Url, EventTypes, Active) = (url, eventTypes, active);

    /// <summary>Rotates the secret; the old one keeps signing until <paramref name="overlapEndsAt"/>.</summary>
    public void RotateSecret(string newSecret, DateTimeOffset overlapEndsAt)
    {
        (PreviousSecret, PreviousSecretExpiresAt, Secret) = (Secret, overlapEndsAt, newSecret);
    }
}
