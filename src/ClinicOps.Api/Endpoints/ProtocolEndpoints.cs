using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Application.Protocols;
using ClinicOps.Domain.Scheduling;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>The treatment protocol catalog. Protocols are added and retired, never edited or deleted.</summary>
internal static class ProtocolEndpoints
{
    public static void MapProtocols(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/protocols").WithTags(ApiTags.Protocols)
            .WithMetadata(new AuditedResource(nameof(TreatmentProtocol)));
        group.MapGet("/", List).WithName("listProtocols").RequireAuthorization(AccessPolicies.ProtocolsRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", Get).WithName("getProtocol").ReturnsETag().HonoursIfNoneMatch().RequireAuthorization(AccessPolicies.ProtocolsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        group.MapPost("/", Create).WithName("createProtocol").ReturnsETag().RequireAuthorization(AccessPolicies.ProtocolsManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/retirement", Retire).WithName("retireProtocol").ReturnsETag().RequireAuthorization(AccessPolicies.ProtocolsManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>Lists the protocol catalog, ordered by code.</summary>
    /// <remarks>Retired protocols are left out unless <c>includeRetired=true</c>.</remarks>
    /// <param name="includeRetired">Include retired protocols (default false).</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    private static async Task<Ok<PagedResult<ProtocolResponse>>> List(
        IMediator mediator,
        CancellationToken cancellationToken,
        bool includeRetired = false,
        int page = 1,
        int pageSize = PagedResult<ProtocolResponse>.DefaultPageSize) =>
        TypedResults.Ok(await mediator.Send(new ListProtocols { IncludeRetired = includeRetired, Page = page, PageSize = pageSize }, cancellationToken));

    /// <summary>Reads a protocol, retired or not.</summary>
    /// <remarks>Send <c>If-None-Match</c> with a known ETag to get 304 when nothing changed.</remarks>
    /// <param name="id">Protocol id.</param>
    /// <response code="200">The protocol, with its ETag.</response>
    /// <response code="304">Unchanged since the ETag in If-None-Match.</response>
    private static async Task<Results<Ok<ProtocolResponse>, StatusCodeHttpResult>> Get(
        Guid id, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var protocol = await mediator.Send(new GetProtocol(id), cancellationToken);
        http.Response.Headers.ETag = ETags.For(protocol.Version);
        return ETags.IsNotModified(http.Request, protocol.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(protocol.Value);
    }

    /// <summary>Adds a protocol to the catalog.</summary>
    /// <remarks>
    /// The definition must be plannable and dosable as stated: every induction session (and every maintenance
    /// session the protocol allows) has exactly one dose rule; esketamine doses are whole 28 mg devices (28-84 mg)
    /// with at least 120 minutes of monitoring (Spravato REMS); IV ketamine is dosed by weight (0.05-2.0 mg/kg).
    /// Any broken rule is a 400 naming the field. A code already in the catalog (retired ones included) gets 409
    /// <c>protocol.code-taken</c>.
    /// </remarks>
    /// <response code="201">The protocol was added.</response>
    private static async Task<Created<ProtocolResponse>> Create(
        CreateProtocol request, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(request, cancellationToken);
        response.Headers.ETag = ETags.For(created.Version);
        return TypedResults.Created($"/api/v1/protocols/{created.Value.Id}", created.Value);
    }

    /// <summary>Retires a protocol.</summary>
    /// <remarks>
    /// A retired protocol stays readable and listed with <c>includeRetired=true</c>, and starts no new course; courses
    /// already running on it are not affected. A protocol that is already retired gets 409 <c>protocol.already-retired</c>.
    /// </remarks>
    /// <param name="id">Protocol id.</param>
    /// <response code="200">The protocol was retired.</response>
    private static async Task<Ok<ProtocolResponse>> Retire(
        Guid id, ProtocolRetirementRequest retirement, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var retired = await mediator.Send(new RetireProtocol(id, retirement), cancellationToken);
        response.Headers.ETag = ETags.For(retired.Version);
        return TypedResults.Ok(retired.Value);
    }
}
