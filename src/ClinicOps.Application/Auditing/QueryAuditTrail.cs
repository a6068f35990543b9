using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Auditing;

/// <summary>
/// Reads the audit trail of the caller's sites, newest first: entries about records of those sites, and entries
/// without a record site (refused or not-found attempts) made by a caller who then held one of those sites. Entries
/// of anonymous callers hold no site and are not shown; they stay in the database for the operators.
/// </summary>
public sealed record QueryAuditTrail : IRequest<PagedResult<AuditEntryResponse>>
{
    /// <summary>Only entries about this patient.</summary>
    public Guid? PatientId { get; init; }

    /// <summary>Only entries by this token subject.</summary>
    public string? Subject { get; init; }

    /// <summary>Only this action.</summary>
    public AuditAction? Action { get; init; }

    /// <summary>Only this outcome.</summary>
    public AuditOutcome? Outcome { get; init; }

    /// <summary>Entries at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1-100.</summary>
    public int PageSize { get; init; } = PagedResult<AuditEntryResponse>.DefaultPageSize;
}

/// <summary>One audit entry.</summary>
/// <param name="Id" example="7a4e2b9c-1f3d-4c5e-9a8b-6d7c5e4f3a2b">Entry id.</param>
/// <param name="OccurredAt" example="2026-11-20T15:30:00+00:00">When (UTC).</param>
/// <param name="Subject" example="frontdesk-avery">Token subject of the caller.</param>
/// <param name="Roles" example="FrontDesk">Caller's roles, comma-separated.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site of the record, when known.</param>
/// <param name="CallerSiteIds" example="[&quot;5e1f0000-0000-4000-8000-000000000001&quot;]">The caller's sites at the time, as far as they are the reader's own sites.</param>
/// <param name="Action" example="Read">What was attempted.</param>
/// <param name="EntityType" example="Patient">Kind of record.</param>
/// <param name="EntityId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Record id, when known.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient the record belongs to, when it is patient data.</param>
/// <param name="Outcome" example="Success">How it ended.</param>
/// <param name="CorrelationId" example="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00">Request correlation id.</param>
/// <param name="ClientAddress" example="10.0.0.12">Client address.</param>
/// <param name="Operation" example="GET /api/v1/patients/{id}">HTTP method and route template.</param>
public sealed record AuditEntryResponse(
    Guid Id,
    DateTimeOffset OccurredAt,
    string Subject,
    string Roles,
    Guid? SiteId,
    IReadOnlyList<Guid> CallerSiteIds,
    AuditAction Action,
    string EntityType,
    string? EntityId,
    Guid? PatientId,
    AuditOutcome Outcome,
    string CorrelationId,
    string? ClientAddress,
    string? Operation);

/// <summary>Rules for <see cref="QueryAuditTrail"/>.</summary>
public sealed class QueryAuditTrailValidator : AbstractValidator<QueryAuditTrail>
{
    /// <summary>Creates the validator.</summary>
    public QueryAuditTrailValidator()
    {
        RuleFor(q => q.Subject).MaximumLength(128);
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null);
        RuleFor(q => q.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PagedResult<AuditEntryResponse>.MaxPageSize);
    }
}

/// <summary>Handles <see cref="QueryAuditTrail"/>.</summary>
public sealed class QueryAuditTrailHandler(IClinicOpsDbContext db, ICurrentUser user, IAuditTrail audit)
    : IRequestHandler<QueryAuditTrail, PagedResult<AuditEntryResponse>>
{
    /// <inheritdoc />
    public async Task<PagedResult<AuditEntryResponse>> Handle(QueryAuditTrail request, CancellationToken cancellationToken)
    {
        // Reads are audited in batches; this instance's queued entries are part of the trail the caller asks for.
        await audit.FlushAsync(cancellationToken);
        var siteIds = user.SiteIds.ToList();
        var siteTokens = siteIds.Select(AuditEntry.SiteToken).ToList();
        var query = db.AuditEntries.AsNoTracking().Where(e =>
            e.SiteId == null ? siteTokens.Any(token => e.CallerSiteIds.Contains(token)) : siteIds.Contains(e.SiteId.Value));
        if (request.PatientId is { } patientId)
        {
            query = query.Where(e => e.PatientId == patientId);
        }

        if (!string.IsNullOrWhiteSpace(request.Subject))
        {
            query = query.Where(e => e.Subject == request.Subject);
        }

        if (request.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (request.Outcome is { } outcome)
        {
            query = query.Where(e => e.Outcome == outcome);
        }

        if (request.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (request.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        var page = await query.ReadPageAsync(
            q => q.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id),
            e => e,
            request.Page,
            request.PageSize,
            cancellationToken);

        // Another site's id is not the reader's business, even when a caller held both.
        var items = page.Items.Select(e => new AuditEntryResponse(
            e.Id, e.OccurredAt, e.Subject, e.Roles, e.SiteId, [.. siteIds.Where(id => e.CallerSiteIds.Contains(AuditEntry.SiteToken(id), StringComparison.Ordinal)).Order()],
            e.Action, e.EntityType, e.EntityId, e.PatientId, e.Outcome, e.CorrelationId, e.ClientAddress, e.Operation)).ToList();
        return new PagedResult<AuditEntryResponse>(items, page.Page, page.PageSize, page.TotalCount);
    }
}
