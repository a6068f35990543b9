using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Sites;

/// <summary>Lists the sites the caller belongs to, ordered by code.</summary>
public sealed record ListSites : IRequest<IReadOnlyList<SiteResponse>>;

/// <summary>Handles <see cref="ListSites"/>.</summary>
public sealed class ListSitesHandler(IClinicOpsDbContext db, ICurrentUser user) : IRequestHandler<ListSites, IReadOnlyList<SiteResponse>>
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<SiteResponse>> Handle(ListSites request, CancellationToken cancellationToken)
    {
        var siteIds = user.SiteIds.ToList();
        return await db.Sites.AsNoTracking()
            .Where(s => siteIds.Contains(s.Id))
            .OrderBy(s => s.Code)
            .Select(SiteResponse.Projection)
            .ToListAsync(cancellationToken);
    }
}

/// <summary>Reads one of the caller's sites.</summary>
/// <param name="Id">Site id.</param>
public sealed record GetSite(Guid Id) : IRequest<SiteResponse>;

/// <summary>Handles <see cref="GetSite"/>.</summary>
public sealed class GetSiteHandler(IClinicOpsDbContext db, ICurrentUser user) : IRequestHandler<GetSite, SiteResponse>
{
    /// <inheritdoc />
    public async Task<SiteResponse> Handle(GetSite request, CancellationToken cancellationToken)
    {
        if (!user.SiteIds.Contains(request.Id))
        {
            throw new NotFoundException("Site", request.Id);
        }

        return await db.Sites.AsNoTracking()
            .Where(s => s.Id == request.Id)
            .Select(SiteResponse.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Site", request.Id);
    }
}
