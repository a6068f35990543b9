using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Chairs;

/// <summary>Lists the chairs of one of the caller's sites, active and inactive, ordered by name.</summary>
public sealed record ListChairs : IRequest<PagedResult<ChairResponse>>
{
    /// <summary>Site id.</summary>
    public Guid SiteId { get; init; }

    /// <summary>1-based page number.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1-100.</summary>
    public int PageSize { get; init; } = PagedResult<ChairResponse>.DefaultPageSize;
}

/// <summary>Rules for <see cref="ListChairs"/>.</summary>
public sealed class ListChairsValidator : AbstractValidator<ListChairs>
{
    /// <summary>Creates the validator.</summary>
    public ListChairsValidator()
    {
        RuleFor(l => l.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(l => l.PageSize).InclusiveBetween(1, PagedResult<ChairResponse>.MaxPageSize);
    }
}

/// <summary>Handles <see cref="ListChairs"/>.</summary>
public sealed class ListChairsHandler(IClinicOpsDbContext db, ICurrentUser user) : IRequestHandler<ListChairs, PagedResult<ChairResponse>>
{
    /// <inheritdoc />
    public async Task<PagedResult<ChairResponse>> Handle(ListChairs request, CancellationToken cancellationToken)
    {
        if (!user.SiteIds.Contains(request.SiteId) || !await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            throw new NotFoundException("Site", request.SiteId);
        }

        return await db.Chairs.AsNoTracking()
            .Where(c => c.SiteId == request.SiteId)
            .ReadPageAsync(q => q.OrderBy(c => c.Name).ThenBy(c => c.Id), ChairResponse.Projection, request.Page, request.PageSize, cancellationToken);
    }
}
