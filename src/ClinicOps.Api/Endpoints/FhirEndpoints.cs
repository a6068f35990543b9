using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Fhir;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace ClinicOps.Api.Endpoints;

/// <summary>FHIR R4 export of the treatment day, for the clinic's EHR (see docs/decisions/0014).</summary>
internal static partial class FhirEndpoints
{
    public static void MapFhirExport(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/sessions/{id:guid}").WithTags(ApiTags.Fhir).WithMetadata(new AuditedResource(nameof(TreatmentSession)))
            .MapGet("/fhir", SessionBundle).WithName("exportSessionBundle").RequireAuthorization(AccessPolicies.FhirExport)
            .Produces<FhirBundleOutline>(StatusCodes.Status200OK, FhirResources.MediaType)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        app.MapGroup("/api/v1/patients/{patientId:guid}").WithTags(ApiTags.Fhir)
            .WithMetadata(new AuditedResource("Observation", IdRouteKey: null, PatientRouteKey: "patientId"))
            .MapGet("/fhir/observations", PatientObservations).WithName("exportPatientObservations").RequireAuthorization(AccessPolicies.FhirExport)
            .Produces<FhirBundleOutline>(StatusCodes.Status200OK, FhirResources.MediaType)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    /// <summary>Exports a treatment session as a FHIR R4 Bundle of type collection.</summary>
    /// <remarks>
    /// <c>application/fhir+json</c>. The Patient; the vital signs of every reading as Observations conforming to the
    /// HL7 vital-signs profiles (category <c>vital-signs</c>, LOINC codes, UCUM units, subject, effective time and
    /// performer; blood pressure as a panel with systolic and diastolic components; SpO2 coded with both 2708-6 and
    /// 59408-5); the PHQ-9 total (44261-6); and the dose as MedicationAdministrations, one per esketamine device with
    /// its lot number, or one for the IV infusion. Resource ids derive from ClinicOps ids, so exporting again never
    /// creates duplicates downstream; a corrected reading keeps its id with status <c>corrected</c>.
    /// </remarks>
    /// <param name="id">Session id.</param>
    /// <response code="200">The session as a FHIR Bundle.</response>
    private static async Task<IResult> SessionBundle(Guid id, IMediator mediator, CancellationToken cancellationToken)
    {
        var document = await mediator.Send(new ExportSessionBundle(id), cancellationToken);
        return Fhir(document.Json);
    }

    /// <summary>Exports a patient's Observations as a FHIR R4 searchset Bundle, paged, for incremental polling.</summary>
    /// <remarks>
    /// <c>application/fhir+json</c>. Vital signs of every session (corrections applied) and the PHQ-9 totals, ordered by
    /// when they last changed (<c>meta.lastUpdated</c>, then id). Poll with <c>_since</c> set to the previous answer's
    /// <c>meta.lastUpdated</c>: resources that changed at or after it come back (the boundary ones again; their ids are
    /// stable, so an EHR updates rather than duplicates). Follow <c>link</c> <c>next</c> for further pages.
    /// </remarks>
    /// <param name="patientId">Patient id.</param>
    /// <param name="since">FHIR instant with a time zone, e.g. 2026-11-23T15:00:00Z.</param>
    /// <param name="count">Page size, 1-100 (default 50).</param>
    /// <param name="offset">Matching resources to skip (default 0).</param>
    /// <response code="200">One page of Observations.</response>
    private static async Task<IResult> PatientObservations(
        Guid patientId,
        HttpContext http,
        IMediator mediator,
        CancellationToken cancellationToken,
        [FromQuery(Name = "_since")] string? since = null,
        [FromQuery(Name = "_count")] int count = ExportPatientObservationsValidator.DefaultCount,
        [FromQuery(Name = "_offset")] int offset = 0)
    {
        DateTimeOffset? sinceInstant = null;
        if (since is not null)
        {
            if (!FhirInstant().IsMatch(since)
                || !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new ValidationException([new ValidationFailure("_since", "'_since' must be a FHIR instant with a time zone, e.g. 2026-11-23T15:00:00Z.")]);
            }

            sinceInstant = parsed;
        }

        var page = await mediator.Send(new ExportPatientObservations { PatientId = patientId, Since = sinceInstant, Count = count, Offset = offset }, cancellationToken);
        string Link(int at)
        {
            var query = new List<string>();
            if (since is not null)
            {
                query.Add($"_since={Uri.EscapeDataString(since)}");
            }

            query.Add($"_count={page.Count}");
            query.Add($"_offset={at}");
            return $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}";
        }

        var links = new JsonArray(new JsonObject { ["relation"] = "self", ["url"] = Link(page.Offset) });
        if (page.Offset + page.Count < page.Total)
        {
            links.Add(new JsonObject { ["relation"] = "next", ["url"] = Link(page.Offset + page.Count) });
        }

        if (page.Offset > 0)
        {
            links.Add(new JsonObject { ["relation"] = "previous", ["url"] = Link(Math.Max(0, page.Offset - page.Count)) });
        }

        var bundle = page.Bundle;
        var entries = bundle["entry"]!;
        bundle.Remove("entry");
        bundle["link"] = links;
        bundle["entry"] = entries;
        return Fhir(bundle);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Fhir(JsonObject json) =>
        TypedResults.Text(json.ToJsonString(), $"{FhirResources.MediaType}; charset=utf-8", Encoding.UTF8);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex FhirInstant();
}
