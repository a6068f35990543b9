using System.Linq.Expressions;
using ClinicOps.Domain.Scheduling;

namespace ClinicOps.Application.Chairs;

/// <summary>A named observation chair of a site.</summary>
/// <param name="Id" example="c4a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b">Chair id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site the chair stands in.</param>
/// <param name="Name" example="Chair 3">Name, unique within the site.</param>
/// <param name="Active" example="true">False when taken out of service: it gets no new bookings.</param>
/// <param name="CreatedAt" example="2026-11-20T15:30:00+00:00">When it was added (UTC).</param>
/// <param name="UpdatedAt" example="2026-11-20T15:30:00+00:00">When it last changed (UTC).</param>
/// <param name="Version" example="1">Record version; the ETag header carries the same value.</param>
public sealed record ChairResponse(Guid Id, Guid SiteId, string Name, bool Active, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    internal static readonly Expression<Func<Chair, ChairResponse>> Projection =
        c => new ChairResponse(c.Id, c.SiteId, c.Name, c.Active, c.CreatedAt, c.UpdatedAt, c.Version);

    private static readonly Func<Chair, ChairResponse> FromEntityCompiled = Projection.Compile();

    internal static ChairResponse From(Chair chair) => FromEntityCompiled(chair);
}
