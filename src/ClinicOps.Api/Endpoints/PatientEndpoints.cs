using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Application.Patients;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Patients of the caller's sites (front desk).</summary>
internal static class PatientEndpoints
{
    public static void MapPatients(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/patients").WithTags(ApiTags.Patients)
            .WithMetadata(new AuditedResource(nameof(Domain.Patients.Patient), PatientRouteKey: "id"));
        group.MapPost("/", Register).WithName("registerPatient").ReturnsETag().RequireAuthorization(AccessPolicies.PatientsWrite)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/", Search).WithName("searchPatients").RequireAuthorization(AccessPolicies.PatientsRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", Get).WithName("getPatient").ReturnsETag().HonoursIfNoneMatch().RequireAuthorization(AccessPolicies.PatientsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", Update).WithName("updatePatient").ReturnsETag().RequiresIfMatch().RequireAuthorization(AccessPolicies.PatientsWrite)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>Registers a patient at one of the caller's sites.</summary>
    /// <remarks>The response carries the new record's <c>ETag</c>; send it back in <c>If-Match</c> to update.</remarks>
    /// <response code="201">The patient was registered.</response>
    private static async Task<Created<PatientResponse>> Register(
        RegisterPatient request, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(request, cancellationToken);
        response.Headers.ETag = ETags.For(created.Version);
        return TypedResults.Created($"/api/v1/patients/{created.Value.Id}", created.Value);
    }

    /// <summary>Reads a patient.</summary>
    /// <remarks>Send <c>If-None-Match</c> with a known ETag to get 304 when nothing changed.</remarks>
    /// <param name="id">Patient id.</param>
    /// <response code="200">The patient, with its ETag.</response>
    /// <response code="304">Unchanged since the ETag in If-None-Match.</response>
    private static async Task<Results<Ok<PatientResponse>, StatusCodeHttpResult>> Get(
        Guid id, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var patient = await mediator.Send(new GetPatient(id), cancellationToken);
        http.Response.Headers.ETag = ETags.For(patient.Version);
        return ETags.IsNotModified(http.Request, patient.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(patient.Value);
    }

    /// <summary>Replaces a patient's details.</summary>
    /// <remarks>
    /// Full replacement: an absent optional field clears it. Requires <c>If-Match</c> with the ETag of the caller's
    /// last read; a stale ETag gets 412 and nothing changes.
    /// </remarks>
    /// <param name="id">Patient id.</param>
    /// <response code="200">The updated patient, with its new ETag.</response>
    private static async Task<Ok<PatientResponse>> Update(
        Guid id, PatientInput details, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var expectedVersion = ETags.RequiredVersion(http.Request, "Patient");
        var updated = await mediator.Send(new UpdatePatient(id, expectedVersion, details), cancellationToken);
        http.Response.Headers.ETag = ETags.For(updated.Version);
        return TypedResults.Ok(updated.Value);
    }

    /// <summary>Searches the caller's patients, ordered by family name, given name and id.</summary>
    /// <param name="name">Start of the given or family name, case- and accent-insensitive (FHIR string search).</param>
    /// <param name="dateOfBirth">Exact date of birth (yyyy-MM-dd).</param>
    /// <param name="externalMrn">Exact external MRN.</param>
    /// <param name="siteId">Only this site.</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    private static async Task<Ok<PagedResult<PatientResponse>>> Search(
        IMediator mediator,
        CancellationToken cancellationToken,
        string? name = null,
        DateOnly? dateOfBirth = null,
        string? externalMrn = null,
        Guid? siteId = null,
        int page = 1,
        int pageSize = PagedResult<PatientResponse>.DefaultPageSize)
    {
        var query = new SearchPatients
        {
            Name = name,
            DateOfBirth = dateOfBirth,
            ExternalMrn = externalMrn,
            SiteId = siteId,
            Page = page,
            PageSize = pageSize,
        };
        return TypedResults.Ok(await mediator.Send(query, cancellationToken));
    }
}
