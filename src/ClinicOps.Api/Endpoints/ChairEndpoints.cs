using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Chairs;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Observation chairs of the caller's sites.</summary>
internal static class ChairEndpoints
{
    public static void MapChairs(this IEndpointRouteBuilder app)
    {
        var perSite = app.MapGroup("/api/v1/sites/{siteId:guid}/chairs").WithTags(ApiTags.Chairs)
            .WithMetadata(new AuditedResource(nameof(Chair), IdRouteKey: null));
        perSite.MapGet("/", List).WithName("listChairs").RequireAuthorization(AccessPolicies.SitesRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        perSite.MapPost("/", Add).WithName("addChair").ReturnsETag().RequireAuthorization(AccessPolicies.SitesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var chairs = app.MapGroup("/api/v1/chairs").WithTags(ApiTags.Chairs).WithMetadata(new AuditedResource(nameof(Chair)));
        chairs.MapGet("/{id:guid}", Get).WithName("getChair").ReturnsETag().HonoursIfNoneMatch().RequireAuthorization(AccessPolicies.SitesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        chairs.MapPut("/{id:guid}", Update).WithName("updateChair").ReturnsETag().RequiresIfMatch().RequireAuthorization(AccessPolicies.SitesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>Lists the chairs of a site, in and out of service, ordered by name.</summary>
    /// <param name="siteId">Site id.</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    private static async Task<Ok<PagedResult<ChairResponse>>> List(
        Guid siteId,
        IMediator mediator,
        CancellationToken cancellationToken,
        int page = 1,
        int pageSize = PagedResult<ChairResponse>.DefaultPageSize) =>
        TypedResults.Ok(await mediator.Send(new ListChairs { SiteId = siteId, Page = page, PageSize = pageSize }, cancellationToken));

    /// <summary>Adds an observation chair to a site.</summary>
    /// <remarks>The chair starts in service. A name another chair of the site has gets 409 <c>chair.name-taken</c>.</remarks>
    /// <param name="siteId">Site id.</param>
    /// <response code="201">The chair was added.</response>
    private static async Task<Created<ChairResponse>> Add(
        Guid siteId, AddChairRequest chair, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new AddChair(siteId, chair), cancellationToken);
        response.Headers.ETag = ETags.For(created.Version);
        return TypedResults.Created($"/api/v1/chairs/{created.Value.Id}", created.Value);
    }

    /// <summary>Reads a chair.</summary>
    /// <remarks>Send <c>If-None-Match</c> with a known ETag to get 304 when nothing changed.</remarks>
    /// <param name="id">Chair id.</param>
    /// <response code="200">The chair, with its ETag.</response>
    /// <response code="304">Unchanged since the ETag in If-None-Match.</response>
    private static async Task<Results<Ok<ChairResponse>, StatusCodeHttpResult>> Get(
        Guid id, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var chair = await mediator.Send(new GetChair(id), cancellationToken);
        http.Response.Headers.ETag = ETags.For(chair.Version);
        return ETags.IsNotModified(http.Request, chair.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(chair.Value);
    }

    /// <summary>Renames a chair or takes it in or out of service.</summary>
    /// <remarks>
    /// Full replacement. Requires <c>If-Match</c> with the ETag of the caller's last read; a stale ETag gets 412 and
    /// nothing changes. A chair taken out of service gets no new bookings; sessions already booked keep it.
    /// </remarks>
    /// <param name="id">Chair id.</param>
    /// <response code="200">The updated chair, with its new ETag.</response>
    private static async Task<Ok<ChairResponse>> Update(
        Guid id, ChairInput chair, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var expectedVersion = ETags.RequiredVersion(http.Request, "Chair");
        var updated = await mediator.Send(new UpdateChair(id, expectedVersion, chair), cancellationToken);
        http.Response.Headers.ETag = ETags.For(updated.Version);
        return TypedResults.Ok(updated.Value);
    }
}
