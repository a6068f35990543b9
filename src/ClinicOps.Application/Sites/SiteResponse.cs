using System.Linq.Expressions;
using ClinicOps.Domain.Sites;

namespace ClinicOps.Application.Sites;

/// <summary>A clinic site.</summary>
/// <param name="Id" example="5e1f0000-0000-4000-8000-000000000001">Stable site id; tokens list the site ids a user belongs to.</param>
/// <param name="Code" example="DOWNTOWN">Short unique code.</param>
/// <param name="Name" example="Downtown Ketamine Clinic">Display name.</param>
/// <param name="TimeZoneId" example="America/Chicago">IANA time zone id.</param>
/// <param name="CreatedAt" example="2026-11-01T09:00:00+00:00">When the site was created (UTC).</param>
/// <param name="Version" example="1">Record version; the ETag of the site's schedule and certification carries the same value.</param>
/// <param name="RemsCertifiedOn" example="2026-10-01">Date the site was certified in the Spravato REMS; null when not certified.</param>
/// <param name="RemsCertificationReference" example="REMS-HCS-0042817">The site's REMS certification reference; null when not certified.</param>
public sealed record SiteResponse(
    Guid Id, string Code, string Name, string TimeZoneId, DateTimeOffset CreatedAt, int Version,
    DateOnly? RemsCertifiedOn, string? RemsCertificationReference)
{
    internal static readonly Expression<Func<Site, SiteResponse>> Projection =
        s => new SiteResponse(s.Id, s.Code, s.Name, s.TimeZoneId, s.CreatedAt, s.Version, s.RemsCertifiedOn, s.RemsCertificationReference);

    private static readonly Func<Site, SiteResponse> FromEntityCompiled = Projection.Compile();

    internal static SiteResponse From(Site site) => FromEntityCompiled(site);
}
