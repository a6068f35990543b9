using ClinicOps.Application.Common;
using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Sites;

internal static class SiteAccess
{
    /// <summary>One of the caller's sites, tracked for a change; another site's answers 404 like a missing one.</summary>
    public static async Task<Site> FindCallersSiteAsync(IClinicOpsDbContext db, ICurrentUser user, Guid siteId, CancellationToken cancellationToken) =>
        user.SiteIds.Contains(siteId)
            ? await db.Sites.SingleOrDefaultAsync(s => s.Id == siteId, cancellationToken) ?? throw new NotFoundException("Site", siteId)
            : throw new NotFoundException("Site", siteId);

    /// <summary>Today's date in the site's time zone.</summary>
    public static DateOnly LocalToday(Site site, TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(site.TimeZoneId)).DateTime);
}
