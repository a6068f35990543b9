using System.Text.Json;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Events;
using ClinicOps.Domain.Webhooks;
using ClinicOps.Infrastructure.Persistence;
using ClinicOps.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ClinicOps.Infrastructure.Jobs;

/// <summary>
/// Delivers the outbox to the webhook subscriptions, per site, in two steps:
/// <list type="number">
/// <item>fan-out: each new event becomes one delivery per subscription that wants it (unique per subscription and
/// event, so a repeated run creates nothing twice), and the event is marked dispatched, in one transaction;</item>
/// <item>delivery: due deliveries are leased (optimistic concurrency: one node wins each), POSTed one by one with the
/// Standard Webhooks headers, and their outcome stored at once: 2xx delivered; otherwise retried with exponential
/// backoff and jitter until the attempts are used up, then dead-lettered.</item>
/// </list>
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class WebhookJob(SiteScopes sites, WebhookSender sender, TimeProvider clock, JobOptions options, ILogger<WebhookJob> logger) : IJob
{
    public static readonly JobKey Key = new("webhooks", "clinicops");

    /// <summary>
    /// Deliveries claimed at a time. Small on purpose: the lease must cover every POST of the claim, and after a crash
    /// the claimed deliveries wait for their lease to run out before another run takes them.
    /// </summary>
    public const int ClaimSize = 10;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        foreach (var siteId in await sites.SiteIdsAsync(ct))
        {
            while (await sites.RunAsync("webhooks", siteId, (_, db) => FanOutAsync(db, ct)) == options.BatchSize)
            {
            }

            while (await sites.RunAsync("webhooks", siteId, (_, db) => DeliverAsync(db, ct)) == ClaimSize)
            {
            }
        }
    }

    private async Task<int> FanOutAsync(ClinicOpsDbContext db, CancellationToken ct)
    {
        var events = await db.OutboxEvents.Where(e => e.DispatchedAt == null).OrderBy(e => e.Sequence).Take(options.BatchSize).ToListAsync(ct);
        if (events.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var subscriptions = await db.WebhookSubscriptions.Where(s => s.Active).ToListAsync(ct);
        var ids = events.Select(e => e.Id).ToList();
        var existing = (await db.WebhookDeliveries.Where(d => ids.Contains(d.EventId)).Select(d => new { d.SubscriptionId, d.EventId }).ToListAsync(ct))
            .Select(d => (d.SubscriptionId, d.EventId)).ToHashSet();
        foreach (var outboxEvent in events)
        {
            foreach (var subscription in subscriptions.Where(s => s.Wants(outboxEvent.Type) && !existing.Contains((s.Id, outboxEvent.Id))))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery(subscription, outboxEvent.Id, outboxEvent.Sequence, outboxEvent.Type, now));
            }

            outboxEvent.MarkDispatched(now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (ConflictException)
        {
            LogConflict(logger, "fan-out");
            return 0;
        }

        return events.Count;
    }

    private async Task<int> DeliverAsync(ClinicOpsDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.WebhookDeliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil <= now))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.EventSequence)
            .Take(ClaimSize)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        // The lease is the claim: two nodes reading the same rows both try to bump their versions, and one loses.
        var leaseUntil = now.AddSeconds((ClaimSize + 1) * options.DeliveryTimeoutSeconds);
        foreach (var delivery in due)
        {
            delivery.Lease(leaseUntil);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (PreconditionFailedException)
        {
            LogConflict(logger, "delivery claim");
            return 0;
        }

        var subscriptionIds = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var eventIds = due.Select(d => d.EventId).ToList();
        var events = await db.OutboxEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        foreach (var delivery in due)
        {
            var subscription = subscriptions[delivery.SubscriptionId];
            var outboxEvent = events[delivery.EventId];
            var attemptAt = clock.GetUtcNow();
            var result = subscription.Active
                ? await sender.SendAsync(subscription.Url, outboxEvent.Id.ToString(), attemptAt.ToUnixTimeSeconds(), Body(outboxEvent), subscription.SigningSecrets(attemptAt), ct)
                : new SendResult(false, null, "subscription inactive");
            if (result.Success)
            {
                delivery.Succeeded(attemptAt, result.StatusCode!.Value);
            }
            else
            {
                var retryAt = subscription.Active ? options.Retry.NextAttempt(delivery.Attempts + 1, attemptAt, Random.Shared.NextDouble()) : null;
                delivery.Failed(attemptAt, result.StatusCode, result.Error!, retryAt);
            }

            var reminder = await db.Reminders.SingleOrDefaultAsync(r => r.EventId == delivery.EventId, ct);
            reminder?.RecordDeliveryAttempt(delivery.Status == DeliveryStatus.DeadLettered);

            // Stored at once: a crash now loses at most the outcome of the POST in flight, which is then sent again
            // with the same webhook-id for the receiver to recognise.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return due.Count;
    }

    /// <summary>The Standard Webhooks payload: type, timestamp and data; the same bytes on every attempt.</summary>
    public static string Body(OutboxEvent outboxEvent) =>
        $$"""{"type":{{JsonSerializer.Serialize(outboxEvent.Type)}},"timestamp":{{JsonSerializer.Serialize(outboxEvent.OccurredAt)}},"data":{{outboxEvent.Data}}}""";

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Step} changed concurrently; left for the next run.")]
    private static partial void LogConflict(ILogger logger, string step);
}
