using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Sites;

/// <summary>Reads the opening hours and closures of one of the caller's sites.</summary>
/// <param name="SiteId">Site id.</param>
public sealed record GetSiteSchedule(Guid SiteId) : IRequest<Versioned<SiteScheduleResponse>>;

/// <summary>Handles <see cref="GetSiteSchedule"/>.</summary>
public sealed class GetSiteScheduleHandler(IClinicOpsDbContext db, ICurrentUser user) : IRequestHandler<GetSiteSchedule, Versioned<SiteScheduleResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<SiteScheduleResponse>> Handle(GetSiteSchedule request, CancellationToken cancellationToken)
    {
        var site = user.SiteIds.Contains(request.SiteId)
            ? await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SiteId, cancellationToken)
            : null;
        return site is null
            ? throw new NotFoundException("Site", request.SiteId)
            : new Versioned<SiteScheduleResponse>(SiteScheduleResponse.From(site), site.Version);
    }
}
