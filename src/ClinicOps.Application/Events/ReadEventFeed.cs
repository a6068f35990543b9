using System.Text.Json;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Events;

/// <summary>One event of the feed (the same envelope a webhook carries, with its id and sequence).</summary>
/// <param name="Sequence" example="4711">Position in the feed; pass the last one seen as <c>after</c>.</param>
/// <param name="Id" example="01937a5e-9c1d-7f00-8a3b-5c4d3e2f1a0b">Event id (the webhook-id of its deliveries).</param>
/// <param name="Type" example="appointment.booked">Event type.</param>
/// <param name="Timestamp" example="2026-12-01T15:00:00+00:00">When it happened.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient concerned, if any.</param>
/// <param name="Data">The event's data (ids, times and kinds; no PHI).</param>
public sealed record FeedEvent(long Sequence, Guid Id, string Type, DateTimeOffset Timestamp, Guid SiteId, Guid? PatientId, JsonElement Data);

/// <summary>A page of the feed.</summary>
/// <param name="Events">Events after the cursor, oldest first.</param>
/// <param name="Next" example="4711">The cursor for the next call (the last sequence returned, or the one passed in).</param>
public sealed record EventFeedPage(IReadOnlyList<FeedEvent> Events, long Next);

/// <summary>Reads a site's events after a cursor, in order: resumable with <c>after</c> = the last <c>sequence</c> seen.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="After">Return events with a sequence above this (0 for the beginning).</param>
/// <param name="Limit">1-500.</param>
public sealed record ReadEventFeed(Guid SiteId, long After, int Limit) : IRequest<EventFeedPage>;

/// <summary>Rules for <see cref="ReadEventFeed"/>.</summary>
public sealed class ReadEventFeedValidator : AbstractValidator<ReadEventFeed>
{
    /// <summary>Creates the validator.</summary>
    public ReadEventFeedValidator()
    {
        RuleFor(q => q.After).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Limit).InclusiveBetween(1, 500);
    }
}

/// <summary>Handles <see cref="ReadEventFeed"/>.</summary>
public sealed class ReadEventFeedHandler(IClinicOpsDbContext db, IAuditTrail audit, ICurrentUser user) : IRequestHandler<ReadEventFeed, EventFeedPage>
{
    /// <inheritdoc />
    public async Task<EventFeedPage> Handle(ReadEventFeed request, CancellationToken cancellationToken)
    {
        if (!user.SiteIds.Contains(request.SiteId) || !await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            throw new NotFoundException("Site", request.SiteId);
        }

        var rows = await db.OutboxEvents.AsNoTracking()
            .Where(e => e.SiteId == request.SiteId && e.Sequence > request.After)
            .OrderBy(e => e.Sequence)
            .Take(request.Limit)
            .ToListAsync(cancellationToken);
        var events = rows.Select(e => new FeedEvent(e.Sequence, e.Id, e.Type, e.OccurredAt, e.SiteId, e.PatientId, JsonDocument.Parse(e.Data).RootElement.Clone())).ToList();
        await audit.RecordReadsAsync(
            events.Where(e => e.PatientId is not null).DistinctBy(e => e.PatientId).Select(e => new AuditTarget("OutboxEvent", e.Id.ToString(), e.SiteId, e.PatientId)),
            cancellationToken);
        return new EventFeedPage(events, events.Count > 0 ? events[^1].Sequence : request.After);
    }
}
