using System.Linq.Expressions;
using ClinicOps.Domain.Sites;

namespace ClinicOps.Application.Sites;

/// <summary>A clinic site.</summary>
/// <param name="Id">Stable site id; tokens list the site ids a user belongs to.</param>
/// <param name="Code">Short unique code.</param>
/// <param name="Name">Display name.</param>
/// <param name="TimeZoneId">IANA time zone id.</param>
/// <param name="CreatedAt">When the site was created (UTC).</param>
/// <param name="Version">Record version.</param>
public sealed record SiteResponse(Guid Id, string Code, string Name, string TimeZoneId, DateTimeOffset CreatedAt, int Version)
{
    internal static readonly Expression<Func<Site, SiteResponse>> Projection =
        s => new SiteResponse(s.Id, s.Code, s.Name, s.TimeZoneId, s.CreatedAt, s.Version);
}
