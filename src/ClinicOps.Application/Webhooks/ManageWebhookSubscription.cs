using ClinicOps.Application.Common;
using ClinicOps.Domain.Webhooks;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Webhooks;

/// <summary>Replaces a subscription's URL, event types and active flag (the secret stays).</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
/// <param name="Subscription">The new values.</param>
public sealed record UpdateWebhookSubscription(Guid Id, int? ExpectedVersion, WebhookSubscriptionRequest Subscription) : IRequest<Versioned<WebhookSubscriptionResponse>>;

/// <summary>Rotates a subscription's secret: the new one is answered once; the old one keeps signing too for the overlap.</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="Rotation">The overlap.</param>
public sealed record RotateWebhookSecret(Guid Id, SecretRotationRequest Rotation) : IRequest<Versioned<WebhookSubscriptionResponse>>;

/// <summary>A secret rotation.</summary>
public sealed record SecretRotationRequest
{
    /// <summary>Hours the old secret keeps signing alongside the new one, 0-168 (default 24).</summary>
    /// <example>24</example>
    public int? OverlapHours { get; init; }
}

/// <summary>Lists a site's webhook subscriptions (without secrets).</summary>
/// <param name="SiteId">Site id.</param>
public sealed record ListWebhookSubscriptions(Guid SiteId) : IRequest<IReadOnlyList<WebhookSubscriptionResponse>>;

/// <summary>Rules for <see cref="UpdateWebhookSubscription"/>.</summary>
public sealed class UpdateWebhookSubscriptionValidator : AbstractValidator<UpdateWebhookSubscription>
{
    /// <summary>Creates the validator.</summary>
    public UpdateWebhookSubscriptionValidator()
    {
        RuleFor(r => r.Subscription.Url).Url().OverridePropertyName("url");
        RuleFor(r => r.Subscription.EventTypes).EventTypes().OverridePropertyName("eventTypes");
    }
}

/// <summary>Rules for <see cref="RotateWebhookSecret"/>.</summary>
public sealed class RotateWebhookSecretValidator : AbstractValidator<RotateWebhookSecret>
{
    /// <summary>Creates the validator.</summary>
    public RotateWebhookSecretValidator() => RuleFor(r => r.Rotation.OverlapHours).InclusiveBetween(0, 168).OverridePropertyName("overlapHours");
}

/// <summary>Handles changes to webhook subscriptions.</summary>
public sealed class ManageWebhookSubscriptionHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) :
    IRequestHandler<UpdateWebhookSubscription, Versioned<WebhookSubscriptionResponse>>,
    IRequestHandler<RotateWebhookSecret, Versioned<WebhookSubscriptionResponse>>,
    IRequestHandler<ListWebhookSubscriptions, IReadOnlyList<WebhookSubscriptionResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<WebhookSubscriptionResponse>> Handle(UpdateWebhookSubscription request, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(request.Id, cancellationToken);
        if (request.ExpectedVersion is { } expected && expected != subscription.Version)
        {
            throw new PreconditionFailedException(nameof(WebhookSubscription), subscription.Version);
        }

        var s = request.Subscription;
        subscription.Change(s.Url!, s.EventTypes ?? [], s.Active ?? true);
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<WebhookSubscriptionResponse>(WebhookSubscriptionResponse.From(subscription, clock.GetUtcNow()), subscription.Version);
    }

    /// <inheritdoc />
    public async Task<Versioned<WebhookSubscriptionResponse>> Handle(RotateWebhookSecret request, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(request.Id, cancellationToken);
        var now = clock.GetUtcNow();
        subscription.RotateSecret(WebhookRules.NewSecret(), now.AddHours(request.Rotation.OverlapHours ?? 24));
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<WebhookSubscriptionResponse>(WebhookSubscriptionResponse.From(subscription, now, withSecret: true), subscription.Version);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookSubscriptionResponse>> Handle(ListWebhookSubscriptions request, CancellationToken cancellationToken)
    {
        if (!user.SiteIds.Contains(request.SiteId) || !await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            throw new NotFoundException("Site", request.SiteId);
        }

        var now = clock.GetUtcNow();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.SiteId == request.SiteId).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        return [.. subscriptions.Select(s => WebhookSubscriptionResponse.From(s, now))];
    }

    private async Task<WebhookSubscription> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new NotFoundException(nameof(WebhookSubscription), id);
}
