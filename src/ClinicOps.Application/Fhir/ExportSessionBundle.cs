using System.Text.Json.Nodes;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Fhir;

/// <summary>
/// A treatment session as a FHIR R4 Bundle of type <c>collection</c>: the Patient, the vital-signs Observations of
/// every reading (corrections applied), the PHQ-9 total and the dose as MedicationAdministrations.
/// </summary>
/// <param name="SessionId">Session id.</param>
public sealed record ExportSessionBundle(Guid SessionId) : IRequest<FhirDocument>;

/// <summary>A FHIR R4 JSON document (a resource or a Bundle), served as <c>application/fhir+json</c>.</summary>
/// <param name="Json">The document.</param>
public sealed record FhirDocument(JsonObject Json);

/// <summary>Rules for <see cref="ExportSessionBundle"/>.</summary>
public sealed class ExportSessionBundleValidator : AbstractValidator<ExportSessionBundle>
{
    /// <summary>Creates the validator.</summary>
    public ExportSessionBundleValidator() => RuleFor(e => e.SessionId).NotEmpty();
}

/// <summary>Handles <see cref="ExportSessionBundle"/>.</summary>
public sealed class ExportSessionBundleHandler(IClinicOpsDbContext db, IAuditTrail audit, TimeProvider clock) : IRequestHandler<ExportSessionBundle, FhirDocument>
{
    /// <inheritdoc />
    public async Task<FhirDocument> Handle(ExportSessionBundle request, CancellationToken cancellationToken)
    {
        var session = await db.TreatmentSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SessionId, cancellationToken)
            ?? throw new NotFoundException(nameof(TreatmentSession), request.SessionId);
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == session.PatientId, cancellationToken);
        var readings = await db.VitalsReadings.AsNoTracking().Where(r => r.SessionId == session.Id).ToListAsync(cancellationToken);

        List<FhirResource> resources =
        [
            FhirResources.Patient(patient),
            .. FhirResources.Administrations(session),
            .. new[] { FhirResources.Phq9Total(session) }.OfType<FhirResource>(),
            .. FhirResources.VitalSignObservations(readings),
        ];
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = $"session-{session.Id:D}",
            ["meta"] = new JsonObject { ["lastUpdated"] = FhirResources.Instant(resources.Max(r => r.LastUpdated)) },
            ["identifier"] = new JsonObject { ["system"] = FhirResources.SessionSystem, ["value"] = session.Id.ToString("D") },
            ["type"] = "collection",
            ["timestamp"] = FhirResources.Instant(clock.GetUtcNow()),
            ["entry"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject { ["resource"] = r.Json })]),
        };
        await audit.RecordReadsAsync([new AuditTarget(nameof(TreatmentSession), session.Id.ToString(), session.SiteId, session.PatientId)], cancellationToken);
        return new FhirDocument(bundle);
    }
}

/// <summary>The outline of a FHIR R4 Bundle as the export writes it (http://hl7.org/fhir/R4/bundle.html); the resources follow FHIR R4.</summary>
/// <param name="ResourceType" example="Bundle">Always Bundle.</param>
/// <param name="Id" example="session-4e3d2c1b-0a99-4877-8665-5544332211ff">Stable id (a session's Bundle).</param>
/// <param name="Type" example="collection">collection (a session) or searchset (a patient's Observations).</param>
/// <param name="Timestamp" example="2026-12-03T17:15:00.000Z">When it was assembled.</param>
/// <param name="Total" example="42">searchset: matching resources across all pages.</param>
/// <param name="Link">searchset: self, next and previous pages.</param>
/// <param name="Entry">The resources.</param>
public sealed record FhirBundleOutline(string ResourceType, string? Id, string Type, string Timestamp, int? Total, IReadOnlyList<FhirLinkOutline>? Link, IReadOnlyList<FhirEntryOutline> Entry);

/// <summary>A Bundle link.</summary>
/// <param name="Relation" example="next">self, next or previous.</param>
/// <param name="Url" example="https://clinic.example/api/v1/patients/0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b/fhir/observations?_count=50&amp;_offset=50">The page.</param>
public sealed record FhirLinkOutline(string Relation, string Url);

/// <summary>A Bundle entry.</summary>
/// <param name="Resource">A FHIR R4 resource: Patient, Observation or MedicationAdministration.</param>
public sealed record FhirEntryOutline(FhirResourceOutline Resource);

/// <summary>The common part of every exported resource; the rest follows FHIR R4 and the vital-signs profiles.</summary>
/// <param name="ResourceType" example="Observation">Patient, Observation or MedicationAdministration.</param>
/// <param name="Id" example="01a201c1-4d1d-72f6-917d-f5aab3207510-bp">Stable id derived from ClinicOps ids.</param>
public sealed record FhirResourceOutline(string ResourceType, string Id);
