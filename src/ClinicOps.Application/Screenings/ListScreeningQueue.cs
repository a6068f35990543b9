using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Screenings;

/// <summary>
/// The clinicians' work queue of the caller's sites: every urgent screening not yet acknowledged, whatever its
/// outcome and even when a correction superseded it, and every current screening awaiting a decision. Urgent
/// unacknowledged screenings come first, then other urgent ones, then oldest first.
/// </summary>
public sealed record ListScreeningQueue : IRequest<PagedResult<ScreeningResponse>>
{
    /// <summary>Only urgent screenings (unacknowledged, or acknowledged but still awaiting a decision).</summary>
    public bool UrgentOnly { get; init; }

    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1-100.</summary>
    public int PageSize { get; init; } = PagedResult<ScreeningResponse>.DefaultPageSize;
}

/// <summary>Rules for <see cref="ListScreeningQueue"/>.</summary>
public sealed class ListScreeningQueueValidator : AbstractValidator<ListScreeningQueue>
{
    /// <summary>Creates the validator.</summary>
    public ListScreeningQueueValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PagedResult<ScreeningResponse>.MaxPageSize);
    }
}

/// <summary>Handles <see cref="ListScreeningQueue"/>.</summary>
public sealed class ListScreeningQueueHandler(IClinicOpsDbContext db, IAuditTrail audit)
    : IRequestHandler<ListScreeningQueue, PagedResult<ScreeningResponse>>
{
    /// <inheritdoc />
    public async Task<PagedResult<ScreeningResponse>> Handle(ListScreeningQueue request, CancellationToken cancellationToken)
    {
        var query = db.Screenings.AsNoTracking().Where(s =>
            (s.Urgent && s.AcknowledgedAt == null)
            || (s.Outcome == ScreeningOutcome.NeedsClinicianReview
                && s.ReviewDecision == null
                && !db.Screenings.Any(newer => newer.SupersedesId == s.Id)));
        if (request.UrgentOnly)
        {
            query = query.Where(s => s.Urgent);
        }

        var page = await query.ReadPageAsync(
            q => q.OrderByDescending(s => s.Urgent && s.AcknowledgedAt == null).ThenByDescending(s => s.Urgent).ThenBy(s => s.CreatedAt).ThenBy(s => s.Id),
            s => new { Screening = s, IsCurrent = !db.Screenings.Any(newer => newer.SupersedesId == s.Id) },
            request.Page,
            request.PageSize,
            cancellationToken);
        var items = page.Items.Select(s => ScreeningResponse.From(s.Screening, s.IsCurrent)).ToList();
        await audit.RecordReadsAsync(items.Select(i => i.AuditTarget), cancellationToken);
        return new PagedResult<ScreeningResponse>(items, page.Page, page.PageSize, page.TotalCount);
    }
}
