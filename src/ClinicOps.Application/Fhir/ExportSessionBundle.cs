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
