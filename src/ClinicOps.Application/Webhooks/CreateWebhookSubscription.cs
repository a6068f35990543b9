using ClinicOps.Application.Common;
using ClinicOps.Domain.Webhooks;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Webhooks;

/// <summary>A new webhook subscription, or the replacement of one.</summary>
public sealed record WebhookSubscriptionRequest
{
    /// <summary>Where events are POSTed: an absolute http or https URL without credentials.</summary>
    /// <example>https://frontdesk.example-clinic.com/hooks/clinicops</example>
    public string? Url { get; init; }

    /// <summary>Event types to deliver (see the event catalogue); empty or absent means all.</summary>
    /// <example>["reminder.due", "appointment.cancelled"]</example>
    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>Deliveries are made only while active (default true).</summary>
    /// <example>true</example>
    public bool? Active { get; init; }
}

/// <summary>Creates a webhook subscription for a site; the answer carries its secret, once.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="Subscription">URL and event types.</param>
public sealed record CreateWebhookSubscription(Guid SiteId, WebhookSubscriptionRequest Subscription) : IRequest<Versioned<WebhookSubscriptionResponse>>;

/// <summary>Rules for <see cref="CreateWebhookSubscription"/>.</summary>
public sealed class CreateWebhookSubscriptionValidator : AbstractValidator<CreateWebhookSubscription>
{
    /// <summary>Creates the validator.</summary>
    public CreateWebhookSubscriptionValidator()
    {
        RuleFor(r => r.Subscription.Url).Url().OverridePropertyName("url");
        RuleFor(r => r.Subscription.EventTypes).EventTypes().OverridePropertyName("eventTypes");
    }
}

/// <summary>Handles <see cref="CreateWebhookSubscription"/>.</summary>
public sealed class CreateWebhookSubscriptionHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<CreateWebhookSubscription, Versioned<WebhookSubscriptionResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<WebhookSubscriptionResponse>> Handle(CreateWebhookSubscription request, CancellationToken cancellationToken)
    {
        if (!user.SiteIds.Contains(request.SiteId) || !await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            throw new NotFoundException("Site", request.SiteId);
        }

        var s = request.Subscription;
        var subscription = new WebhookSubscription(request.SiteId, s.Url!, s.EventTypes ?? [], WebhookRules.NewSecret());
        if (s.Active == false)
        {
            subscription.Change(subscription.Url, subscription.EventTypes, active: false);
        }

        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<WebhookSubscriptionResponse>(WebhookSubscriptionResponse.From(subscription, clock.GetUtcNow(), withSecret: true), subscription.Version);
    }
}
