using System.Text.Json.Nodes;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Patients;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Fhir;

/// <summary>
/// A patient's Observations (vital signs of every session, corrections applied, and the PHQ-9 totals) as a FHIR R4
/// <c>searchset</c> Bundle, in the order they last changed, for an EHR that polls for what is new: <c>_since</c> keeps
/// those that changed at or after an instant, <c>_count</c> and <c>_offset</c> page through them.
/// </summary>
public sealed record ExportPatientObservations : IRequest<FhirSearchPage>
{
    /// <summary>Patient id.</summary>
    public Guid PatientId { get; init; }

    /// <summary>Only Observations that changed at or after this instant (FHIR <c>_since</c>).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Page size, 1-100 (FHIR <c>_count</c>).</summary>
    public int Count { get; init; } = ExportPatientObservationsValidator.DefaultCount;

    /// <summary>How many matching Observations to skip.</summary>
    public int Offset { get; init; }
}

/// <summary>One page of a FHIR search: the searchset Bundle (without links) and where it stands.</summary>
/// <param name="Bundle">The searchset Bundle; the HTTP layer adds <c>link</c>.</param>
/// <param name="Total">Matching resources across all pages.</param>
/// <param name="Offset">Offset of this page.</param>
/// <param name="Count">Page size asked for.</param>
public sealed record FhirSearchPage(JsonObject Bundle, int Total, int Offset, int Count);

/// <summary>Rules for <see cref="ExportPatientObservations"/>.</summary>
public sealed class ExportPatientObservationsValidator : AbstractValidator<ExportPatientObservations>
{
    /// <summary>Page size when none is asked for.</summary>
    public const int DefaultCount = 50;

    /// <summary>Creates the validator.</summary>
    public ExportPatientObservationsValidator()
    {
        RuleFor(e => e.PatientId).NotEmpty();
        RuleFor(e => e.Count).InclusiveBetween(1, 100).OverridePropertyName("_count").WithMessage("'_count' must be between 1 and 100.");
        RuleFor(e => e.Offset).InclusiveBetween(0, 1_000_000).OverridePropertyName("_offset").WithMessage("'_offset' must be between 0 and 1000000.");
    }
}

/// <summary>Handles <see cref="ExportPatientObservations"/>.</summary>
public sealed class ExportPatientObservationsHandler(IClinicOpsDbContext db, IAuditTrail audit, TimeProvider clock) : IRequestHandler<ExportPatientObservations, FhirSearchPage>
{
    /// <inheritdoc />
    public async Task<FhirSearchPage> Handle(ExportPatientObservations request, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == request.PatientId).Select(p => new { p.Id, p.SiteId }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(nameof(Patient), request.PatientId);
        var sessions = await db.TreatmentSessions.AsNoTracking().Where(s => s.PatientId == patient.Id).ToListAsync(cancellationToken);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var readings = await db.VitalsReadings.AsNoTracking().Where(r => sessionIds.Contains(r.SessionId)).ToListAsync(cancellationToken);

        // A patient's record is small (tens of sessions); corrections are applied per session, then filtered and paged.
        var all = sessions.Select(FhirResources.Phq9Total).OfType<FhirResource>()
            .Concat(readings.GroupBy(r => r.SessionId).SelectMany(g => FhirResources.VitalSignObservations([.. g])))
            .Where(r => request.Since is not { } since || r.LastUpdated >= since)
            .OrderBy(r => r.LastUpdated).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var page = all.Skip(request.Offset).Take(request.Count).ToList();
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["meta"] = new JsonObject { ["lastUpdated"] = FhirResources.Instant(all.Count == 0 ? clock.GetUtcNow() : all[^1].LastUpdated) },
            ["type"] = "searchset",
            ["timestamp"] = FhirResources.Instant(clock.GetUtcNow()),
            ["total"] = all.Count,
            ["entry"] = new JsonArray([.. page.Select(r => (JsonNode)new JsonObject { ["resource"] = r.Json, ["search"] = new JsonObject { ["mode"] = "match" } })]),
        };
        await audit.RecordReadsAsync([new AuditTarget(nameof(Patient), patient.Id.ToString(), patient.SiteId, patient.Id)], cancellationToken);
        return new FhirSearchPage(bundle, all.Count, request.Offset, request.Count);
    }
}
