using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Sites;
using ClinicOps.Domain.Sites;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Clinic sites (locations).</summary>
internal static class SiteEndpoints
{
    public static void MapSites(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sites").WithTags(ApiTags.Sites).WithMetadata(new AuditedResource(nameof(Site)));
        group.MapPost("/", Create).WithName("createSite").RequireAuthorization(AccessPolicies.SitesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("listSites").RequireAuthorization(AccessPolicies.SitesRead).ProducesStandardProblems();
        group.MapGet("/{id:guid}", Get).WithName("getSite").ReturnsETag().RequireAuthorization(AccessPolicies.SitesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/schedule", GetSchedule).WithName("getSiteSchedule").ReturnsETag().HonoursIfNoneMatch()
            .RequireAuthorization(AccessPolicies.SitesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}/schedule", ReplaceSchedule).WithName("replaceSiteSchedule").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.SitesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/alert-thresholds", GetThresholds).WithName("getAlertThresholds").ReturnsETag().RequireAuthorization(AccessPolicies.SitesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}/alert-thresholds", ReplaceThresholds).WithName("replaceAlertThresholds").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.SitesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}/rems-certification", Certify).WithName("certifySite").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.SitesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    /// <summary>Creates a clinic site.</summary>
    /// <remarks>Users reach the new site once their tokens carry its id in a <c>site</c> claim.</remarks>
    /// <response code="201">The site was created.</response>
    private static async Task<Created<SiteResponse>> Create(CreateSite request, IMediator mediator, CancellationToken cancellationToken)
    {
        var site = await mediator.Send(request, cancellationToken);
        return TypedResults.Created($"/api/v1/sites/{site.Id}", site);
    }

    /// <summary>Lists the sites the caller belongs to.</summary>
    private static async Task<Ok<IReadOnlyList<SiteResponse>>> List(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListSites(), cancellationToken));

    /// <summary>Reads one of the caller's sites.</summary>
    /// <remarks>The ETag is the site's version, which <c>If-Match</c> of the schedule and certification updates names.</remarks>
    /// <param name="id">Site id.</param>
    private static async Task<Ok<SiteResponse>> Get(Guid id, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var site = await mediator.Send(new GetSite(id), cancellationToken);
        response.Headers.ETag = ETags.For(site.Version);
        return TypedResults.Ok(site);
    }

    /// <summary>Reads a site's opening hours and closures.</summary>
    /// <remarks>
    /// Times and dates are the site's local ones, in <c>timeZoneId</c>. The ETag is the site's version; send it back in
    /// <c>If-Match</c> to replace the schedule. Send <c>If-None-Match</c> to get 304 when nothing changed.
    /// </remarks>
    /// <param name="id">Site id.</param>
    /// <response code="200">The schedule, with the site's ETag.</response>
    /// <response code="304">Unchanged since the ETag in If-None-Match.</response>
    private static async Task<Results<Ok<SiteScheduleResponse>, StatusCodeHttpResult>> GetSchedule(
        Guid id, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var schedule = await mediator.Send(new GetSiteSchedule(id), cancellationToken);
        http.Response.Headers.ETag = ETags.For(schedule.Version);
        return ETags.IsNotModified(http.Request, schedule.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(schedule.Value);
    }

    /// <summary>Replaces a site's opening hours and closures.</summary>
    /// <remarks>
    /// Full replacement: windows and closures left out are removed. Times are HH:mm on the 15-minute grid; windows of
    /// one weekday must not overlap (one may end when the next opens). Sessions already booked are not moved.
    /// Requires <c>If-Match</c> with the ETag of the caller's last read of the site's schedule or certification;
    /// a stale ETag gets 412 and nothing changes.
    /// </remarks>
    /// <param name="id">Site id.</param>
    /// <response code="200">The new schedule, with the site's new ETag.</response>
    private static async Task<Ok<SiteScheduleResponse>> ReplaceSchedule(
        Guid id, SiteScheduleInput schedule, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var expectedVersion = ETags.RequiredVersion(http.Request, "Site");
        var replaced = await mediator.Send(new ReplaceSiteSchedule(id, expectedVersion, schedule), cancellationToken);
        http.Response.Headers.ETag = ETags.For(replaced.Version);
        return TypedResults.Ok(replaced.Value);
    }

    /// <summary>Records a site's certification in the Spravato REMS.</summary>
    /// <remarks>
    /// A site needs it before any esketamine session. Replaces an earlier certification. <c>certifiedOn</c> must not
    /// be in the future at the site. Requires <c>If-Match</c> with the site's ETag (as served with its schedule);
    /// a stale ETag gets 412 and nothing changes.
    /// </remarks>
    /// <param name="id">Site id.</param>
    /// <response code="200">The site with its certification, and its new ETag.</response>
    private static async Task<Ok<SiteResponse>> Certify(
        Guid id, SiteRemsCertificationRequest certification, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var expectedVersion = ETags.RequiredVersion(http.Request, "Site");
        var certified = await mediator.Send(new CertifySite(id, expectedVersion, certification), cancellationToken);
        http.Response.Headers.ETag = ETags.For(certified.Version);
        return TypedResults.Ok(certified.Value);
    }

    /// <summary>Reads the vitals values that raise an alert at a site.</summary>
    /// <param name="id">Site id.</param>
    private static async Task<Ok<AlertThresholdsResponse>> GetThresholds(Guid id, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var thresholds = await mediator.Send(new GetAlertThresholds(id), cancellationToken);
        response.Headers.ETag = ETags.For(thresholds.Version);
        return TypedResults.Ok(thresholds.Value);
    }

    /// <summary>Replaces the vitals values that raise an alert at a site.</summary>
    /// <remarks>Full replacement with <c>If-Match</c>; readings recorded from then on are checked against them.</remarks>
    /// <param name="id">Site id.</param>
    private static async Task<Ok<AlertThresholdsResponse>> ReplaceThresholds(
        Guid id, AlertThresholdsRequest thresholds, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var replaced = await mediator.Send(new ReplaceAlertThresholds(id, ETags.RequiredVersion(http.Request, "Site"), thresholds), cancellationToken);
        http.Response.Headers.ETag = ETags.For(replaced.Version);
        return TypedResults.Ok(replaced.Value);
    }
}
