using ClinicOps.Application.Common;
using ClinicOps.Domain.Webhooks;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Webhooks;

/// <summary>One event's delivery to one subscription.</summary>
/// <param name="Id" example="9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a">Delivery id.</param>
/// <param name="SubscriptionId" example="3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d">Subscription id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="EventId" example="01937a5e-9c1d-7f00-8a3b-5c4d3e2f1a0b">The event (the webhook-id).</param>
/// <param name="EventSequence" example="4711">The event's position in the site's feed.</param>
/// <param name="EventType" example="reminder.due">The event's type.</param>
/// <param name="Status">Pending, Delivered or DeadLettered.</param>
/// <param name="Attempts" example="3">Attempts made.</param>
/// <param name="NextAttemptAt" example="2026-12-02T15:04:00+00:00">When the next attempt is due.</param>
/// <param name="LastAttemptAt" example="2026-12-02T15:02:00+00:00">The last attempt.</param>
/// <param name="LastStatusCode" example="503">The last answer's status.</param>
/// <param name="LastError" example="HTTP 503">Why the last attempt failed.</param>
/// <param name="DeliveredAt" example="2026-12-02T15:04:01+00:00">When the receiver accepted it.</param>
/// <param name="Version" example="4">Version (for the ETag).</param>
public sealed record WebhookDeliveryResponse(
    Guid Id, Guid SubscriptionId, Guid SiteId, Guid EventId, long EventSequence, string EventType, DeliveryStatus Status, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt, int Version)
{
    internal static WebhookDeliveryResponse From(WebhookDelivery d) => new(
        d.Id, d.SubscriptionId, d.SiteId, d.EventId, d.EventSequence, d.EventType, d.Status, d.Attempts, d.NextAttemptAt, d.LastAttemptAt,
        d.LastStatusCode, d.LastError, d.DeliveredAt, d.Version);
}

/// <summary>A site's webhook deliveries, newest event first; filter by status to see the failed and dead-lettered ones.</summary>
public sealed record ListWebhookDeliveries : IRequest<PagedResult<WebhookDeliveryResponse>>
{
    /// <summary>Site id.</summary>
    public Guid SiteId { get; init; }

    /// <summary>Only deliveries with this status.</summary>
    public DeliveryStatus? Status { get; init; }

    /// <summary>Only deliveries that failed at least once (pending retries and dead letters).</summary>
    public bool FailedOnly { get; init; }

    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>1-100.</summary>
    public int PageSize { get; init; } = PagedResult<WebhookDeliveryResponse>.DefaultPageSize;
}

/// <summary>An administrator retries a dead-lettered delivery: pending again, due at once, same event id.</summary>
/// <param name="Id">Delivery id.</param>
public sealed record RetryWebhookDelivery(Guid Id) : IRequest<WebhookDeliveryResponse>;

/// <summary>Rules for <see cref="ListWebhookDeliveries"/>.</summary>
public sealed class ListWebhookDeliveriesValidator : AbstractValidator<ListWebhookDeliveries>
{
    /// <summary>Creates the validator.</summary>
    public ListWebhookDeliveriesValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PagedResult<object>.MaxPageSize);
    }
}

/// <summary>Handles the delivery use cases.</summary>
public sealed class WebhookDeliveriesHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) :
    IRequestHandler<ListWebhookDeliveries, PagedResult<WebhookDeliveryResponse>>,
    IRequestHandler<RetryWebhookDelivery, WebhookDeliveryResponse>
{
    /// <inheritdoc />
    public async Task<PagedResult<WebhookDeliveryResponse>> Handle(ListWebhookDeliveries request, CancellationToken cancellationToken)
    {
        if (!user.SiteIds.Contains(request.SiteId) || !await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            throw new NotFoundException("Site", request.SiteId);
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SiteId == request.SiteId);
        if (request.Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }

        if (request.FailedOnly)
        {
            query = query.Where(d => d.LastError != null && d.Status != DeliveryStatus.Delivered);
        }

        return await query.ReadPageAsync(q => q.OrderByDescending(d => d.EventSequence).ThenBy(d => d.Id), d => WebhookDeliveryResponse.From(d), request.Page, request.PageSize, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<WebhookDeliveryResponse> Handle(RetryWebhookDelivery request, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException(nameof(WebhookDelivery), request.Id);
        if (!delivery.Retry(clock.GetUtcNow()))
        {
            throw new ConflictException("delivery.not-dead-lettered", "Only a dead-lettered delivery can be retried.");
        }

        var reminder = await db.Reminders.SingleOrDefaultAsync(r => r.EventId == delivery.EventId, cancellationToken);
        reminder?.Resend();
        await db.SaveChangesAsync(cancellationToken);
        return WebhookDeliveryResponse.From(delivery);
    }
}
