using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Sites;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Clinic sites (locations).</summary>
internal static class SiteEndpoints
{
    public static void MapSites(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sites").WithTags(ApiTags.Sites).WithMetadata(new AuditedResource(nameof(Domain.Sites.Site)));
        group.MapPost("/", Create).WithName("createSite").RequireAuthorization(AccessPolicies.SitesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("listSites").RequireAuthorization(AccessPolicies.SitesRead).ProducesStandardProblems();
        group.MapGet("/{id:guid}", Get).WithName("getSite").RequireAuthorization(AccessPolicies.SitesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
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
    /// <param name="id">Site id.</param>
    private static async Task<Ok<SiteResponse>> Get(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetSite(id), cancellationToken));
}
