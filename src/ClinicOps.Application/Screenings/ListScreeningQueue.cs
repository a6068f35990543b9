using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Screenings;

/// <summary>
/// The clinicians' work queue: current screenings of the caller's sites that await a decision, urgent ones first,
/// then oldest first.
/// </summary>
public sealed record ListScreeningQueue : IRequest<PagedResult<ScreeningResponse>>
{
    /// <summary>Only urgent screenings.</summary>
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
            s.Outcome == ScreeningOutcome.NeedsClinicianReview
            && s.ReviewDecision == null
            && !db.Screenings.Any(newer => newer.SupersedesId == s.Id));
        if (request.UrgentOnly)
        {
            query = query.Where(s => s.Urgent);
        }

        var page = await query.ReadPageAsync(
            q => q.OrderByDescending(s => s.Urgent).ThenBy(s => s.CreatedAt).ThenBy(s => s.Id),
            s => s,
            request.Page,
            request.PageSize,
            cancellationToken);
        var items = page.Items.Select(s => ScreeningResponse.From(s, isCurrent: true)).ToList();
        await audit.RecordReadsAsync(items.Select(i => i.AuditTarget), cancellationToken);
        return new PagedResult<ScreeningResponse>(items, page.Page, page.PageSize, page.TotalCount);
    }
}
