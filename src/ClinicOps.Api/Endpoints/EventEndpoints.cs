using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Application.Events;
using ClinicOps.Application.Webhooks;
using ClinicOps.Domain.Webhooks;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Webhook subscriptions, deliveries and the pull feed of a site's events.</summary>
internal static class EventEndpoints
{
    public static void MapEvents(this IEndpointRouteBuilder app)
    {
        var site = app.MapGroup("/api/v1/sites/{siteId:guid}").WithTags(ApiTags.Events);
        site.MapGet("/events", Feed).WithName("listEvents").RequireAuthorization(AccessPolicies.EventsRead)
            .WithMetadata(new AuditedResource("OutboxEvent", IdRouteKey: null))
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        site.MapGet("/webhook-subscriptions", ListSubscriptions).WithName("listWebhookSubscriptions").RequireAuthorization(AccessPolicies.WebhooksManage)
            .WithMetadata(new AuditedResource(nameof(WebhookSubscription), IdRouteKey: null))
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        site.MapPost("/webhook-subscriptions", CreateSubscription).WithName("createWebhookSubscription").ReturnsETag().RequireAuthorization(AccessPolicies.WebhooksManage)
            .WithMetadata(new AuditedResource(nameof(WebhookSubscription), IdRouteKey: null))
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        site.MapGet("/webhook-deliveries", ListDeliveries).WithName("listWebhookDeliveries").RequireAuthorization(AccessPolicies.WebhooksManage)
            .WithMetadata(new AuditedResource(nameof(WebhookDelivery), IdRouteKey: null))
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var subscriptions = app.MapGroup("/api/v1/webhook-subscriptions").WithTags(ApiTags.Events).WithMetadata(new AuditedResource(nameof(WebhookSubscription)));
        subscriptions.MapPut("/{id:guid}", UpdateSubscription).WithName("updateWebhookSubscription").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.WebhooksManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        subscriptions.MapPost("/{id:guid}/secret-rotation", RotateSecret).WithName("rotateWebhookSecret").ReturnsETag()
            .RequireAuthorization(AccessPolicies.WebhooksManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        app.MapGroup("/api/v1/webhook-deliveries").WithTags(ApiTags.Events).WithMetadata(new AuditedResource(nameof(WebhookDelivery)))
            .MapPost("/{id:guid}/retry", RetryDelivery).WithName("retryWebhookDelivery").RequireAuthorization(AccessPolicies.WebhooksManage)
            .ProducesStandardProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>Reads a site's events after a cursor, oldest first.</summary>
    /// <remarks>
    /// For systems that cannot receive webhooks. Ordered by <c>sequence</c> and resumable: call again with
    /// <c>after</c> = the <c>next</c> of the previous page until <c>events</c> is empty. The same events, ids and data
    /// as the webhooks.
    /// </remarks>
    /// <param name="siteId">Site id.</param>
    /// <param name="after">Return events with a sequence above this (default 0: from the beginning).</param>
    /// <param name="limit">Events per page, 1-500 (default 100).</param>
    private static async Task<Ok<EventFeedPage>> Feed(Guid siteId, IMediator mediator, CancellationToken cancellationToken, long after = 0, int limit = 100) =>
        TypedResults.Ok(await mediator.Send(new ReadEventFeed(siteId, after, limit), cancellationToken));

    /// <summary>Lists a site's webhook subscriptions (without their secrets).</summary>
    /// <param name="siteId">Site id.</param>
    private static async Task<Ok<IReadOnlyList<WebhookSubscriptionResponse>>> ListSubscriptions(Guid siteId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListWebhookSubscriptions(siteId), cancellationToken));

    /// <summary>Subscribes a clinic system to a site's events by webhook.</summary>
    /// <remarks>
    /// The answer carries the signing secret (<c>whsec_...</c>), the only time it is shown. Every delivery is a POST
    /// signed per the Standard Webhooks specification (<c>webhook-id</c>, <c>webhook-timestamp</c>,
    /// <c>webhook-signature</c>). The URL must be http or https, without credentials.
    /// </remarks>
    /// <param name="siteId">Site id.</param>
    /// <response code="201">The subscription, with its secret.</response>
    private static async Task<Created<WebhookSubscriptionResponse>> CreateSubscription(
        Guid siteId, WebhookSubscriptionRequest subscription, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new CreateWebhookSubscription(siteId, subscription), cancellationToken);
        response.Headers.ETag = ETags.For(created.Version);
        return TypedResults.Created($"/api/v1/webhook-subscriptions/{created.Value.Id}", created.Value);
    }

    /// <summary>Replaces a subscription's URL, event types and active flag.</summary>
    /// <remarks>Full replacement with <c>If-Match</c>; the secret stays (rotate it with <c>secret-rotation</c>).</remarks>
    /// <param name="id">Subscription id.</param>
    private static async Task<Ok<WebhookSubscriptionResponse>> UpdateSubscription(
        Guid id, WebhookSubscriptionRequest subscription, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var updated = await mediator.Send(new UpdateWebhookSubscription(id, ETags.RequiredVersion(http.Request, nameof(WebhookSubscription)), subscription), cancellationToken);
        http.Response.Headers.ETag = ETags.For(updated.Version);
        return TypedResults.Ok(updated.Value);
    }

    /// <summary>Rotates a subscription's signing secret.</summary>
    /// <remarks>
    /// The answer carries the new secret. During the overlap every delivery carries two signatures (new and old), so a
    /// receiver can switch secrets without missing one.
    /// </remarks>
    /// <param name="id">Subscription id.</param>
    private static async Task<Ok<WebhookSubscriptionResponse>> RotateSecret(
        Guid id, SecretRotationRequest rotation, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var rotated = await mediator.Send(new RotateWebhookSecret(id, rotation), cancellationToken);
        response.Headers.ETag = ETags.For(rotated.Version);
        return TypedResults.Ok(rotated.Value);
    }

    /// <summary>Lists a site's webhook deliveries, newest event first.</summary>
    /// <remarks>Filter by <c>status=DeadLettered</c> for the dead letters, or <c>failedOnly=true</c> for every delivery still failing.</remarks>
    /// <param name="siteId">Site id.</param>
    /// <param name="status">Only deliveries with this status.</param>
    /// <param name="failedOnly">Only deliveries whose last attempt failed.</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    private static async Task<Ok<PagedResult<WebhookDeliveryResponse>>> ListDeliveries(
        Guid siteId, IMediator mediator, CancellationToken cancellationToken, DeliveryStatus? status = null, bool failedOnly = false, int page = 1,
        int pageSize = PagedResult<WebhookDeliveryResponse>.DefaultPageSize) =>
        TypedResults.Ok(await mediator.Send(
            new ListWebhookDeliveries { SiteId = siteId, Status = status, FailedOnly = failedOnly, Page = page, PageSize = pageSize }, cancellationToken));

    /// <summary>Retries a dead-lettered delivery.</summary>
    /// <remarks>It becomes pending, due at once, with a fresh count of attempts and the same event id; anything else gets 409 <c>delivery.not-dead-lettered</c>.</remarks>
    /// <param name="id">Delivery id.</param>
    private static async Task<Ok<WebhookDeliveryResponse>> RetryDelivery(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RetryWebhookDelivery(id), cancellationToken));
}
