using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Screening;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Authorizations;

/// <summary>An antidepressant trial, as payers ask for it.</summary>
/// <param name="DrugName" example="sertraline">Drug.</param>
/// <param name="DrugClass">Class.</param>
/// <param name="AdequateDose">An adequate dose was reached.</param>
/// <param name="DurationWeeks" example="8">Weeks at that dose.</param>
/// <param name="TakenAsPrescribed">Taken as prescribed.</param>
/// <param name="ImprovementPercent" example="10">Improvement, percent.</param>
/// <param name="Failed">Adequate (dose, duration, adherence) and less than 50% improvement: counts toward treatment resistance.</param>
public sealed record PacketTrialResponse(string DrugName, AntidepressantClass DrugClass, bool AdequateDose, int DurationWeeks, bool TakenAsPrescribed, int ImprovementPercent, bool Failed);

/// <summary>A PHQ-9 total and when.</summary>
/// <param name="On" example="2026-11-20">Date.</param>
/// <param name="Total" example="16">PHQ-9 total (0-27).</param>
/// <param name="Source" example="Screening">Screening or Session.</param>
public sealed record PacketPhq9Response(DateOnly On, int Total, string Source);

/// <summary>What payers ask for in a prior-authorization request, from what ClinicOps holds.</summary>
/// <param name="CourseId" example="3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99">Course id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="PatientName" example="Avery Quinn">Patient's name.</param>
/// <param name="DateOfBirth" example="1984-03-17">Date of birth.</param>
/// <param name="Protocol" example="ESK-TRD">The course's protocol.</param>
/// <param name="Diagnosis">Working diagnosis at intake.</param>
/// <param name="Indication">What the treatment is for.</param>
/// <param name="EpisodeDurationWeeks" example="40">Weeks of the current episode.</param>
/// <param name="PsychotherapyTried">Psychotherapy was tried.</param>
/// <param name="TakingOralAntidepressant">Taking an oral antidepressant (label: with esketamine).</param>
/// <param name="Trials">Antidepressant trials of the episode.</param>
/// <param name="FailedTrials" example="2">Adequate trials without response.</param>
/// <param name="Phq9History">PHQ-9 totals, oldest first.</param>
/// <param name="RemsEnrollmentReference" example="PT-REMS-42">REMS enrollment.</param>
/// <param name="SiteCertificationReference" example="REMS-SETTING-001">The setting's REMS certification.</param>
/// <param name="Authorizations">The course's PAs.</param>
public sealed record PriorAuthorizationPacketResponse(
    Guid CourseId, Guid PatientId, string PatientName, DateOnly DateOfBirth, string Protocol, DepressionDiagnosis? Diagnosis, ScreeningIndication? Indication,
    int? EpisodeDurationWeeks, bool? PsychotherapyTried, bool? TakingOralAntidepressant, IReadOnlyList<PacketTrialResponse> Trials, int FailedTrials,
    IReadOnlyList<PacketPhq9Response> Phq9History, string? RemsEnrollmentReference, string? SiteCertificationReference, IReadOnlyList<PriorAuthorizationResponse> Authorizations);

/// <summary>The PA packet of a course: failed trials, PHQ-9 history, diagnosis, REMS, and the PAs.</summary>
/// <param name="CourseId">Course id.</param>
public sealed record GetPriorAuthorizationPacket(Guid CourseId) : IRequest<PriorAuthorizationPacketResponse>;

/// <summary>Handles <see cref="GetPriorAuthorizationPacket"/>.</summary>
public sealed class GetPriorAuthorizationPacketHandler(IClinicOpsDbContext db, IAuditTrail audit, IMediator mediator)
    : IRequestHandler<GetPriorAuthorizationPacket, PriorAuthorizationPacketResponse>
{
    /// <inheritdoc />
    public async Task<PriorAuthorizationPacketResponse> Handle(GetPriorAuthorizationPacket request, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CourseId, cancellationToken)
            ?? throw new NotFoundException("Course", request.CourseId);
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == course.PatientId, cancellationToken);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == course.SiteId, cancellationToken);
        var protocol = await db.Protocols.AsNoTracking().Where(p => p.Id == course.ProtocolId).Select(p => p.Code).SingleAsync(cancellationToken);
        var screenings = await db.Screenings.AsNoTracking().Where(s => s.PatientId == patient.Id).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        var latest = screenings.LastOrDefault();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZoneId);
        var sessionScores = (await db.TreatmentSessions.AsNoTracking().Where(s => s.CourseId == course.Id && s.Phq9Total != null)
                .Select(s => new { s.CheckedInAt, s.Phq9Total }).ToListAsync(cancellationToken))
            .Select(s => new PacketPhq9Response(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.CheckedInAt, zone).DateTime), s.Phq9Total!.Value, "Session"));
        var phq9 = screenings.Select(s => new PacketPhq9Response(s.ScreenedOn, s.Phq9Total, "Screening")).Concat(sessionScores).OrderBy(p => p.On).ToList();
        var trials = (latest?.Input.Trials ?? []).Select(t => new PacketTrialResponse(
            t.DrugName, t.DrugClass, t.AdequateDose, t.DurationWeeks, t.TakenAsPrescribed, t.ImprovementPercent,
            t.AdequateDose && t.TakenAsPrescribed && t.DurationWeeks >= ScreeningThresholds.Default.MinimumTrialWeeks && t.ImprovementPercent < 50)).ToList();
        var enrollment = await db.RemsEnrollments.AsNoTracking().Where(e => e.PatientId == patient.Id).Select(e => e.Reference).SingleOrDefaultAsync(cancellationToken);
        var authorizations = await mediator.Send(new ListPriorAuthorizations(course.Id), cancellationToken);
        await audit.RecordReadsAsync([new AuditTarget("TreatmentCourse", course.Id.ToString(), course.SiteId, patient.Id)], cancellationToken);
        return new PriorAuthorizationPacketResponse(
            course.Id, patient.Id, $"{patient.GivenName} {patient.FamilyName}", patient.DateOfBirth, protocol, latest?.Input.Diagnosis, latest?.Indication,
            latest?.Input.EpisodeDurationWeeks, latest?.Input.PsychotherapyTried, latest?.Input.TakingOralAntidepressant, trials, trials.Count(t => t.Failed), phq9,
            enrollment, site.RemsCertificationReference, authorizations);
    }
}

/// <summary>The PA packet as one printable page (same content-security approach as the REMS form).</summary>
public static class PriorAuthorizationPacketHtml
{
    /// <summary>The stylesheet.</summary>
    public const string Stylesheet = """
        @page { size: letter; margin: 12mm; }
        body { font: 10pt/1.3 "DejaVu Sans", Arial, sans-serif; max-width: 190mm; margin: 0 auto; }
        h1 { font-size: 14pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 4mm 0 1mm; border-bottom: 1px solid #000; }
        table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #888; padding: 1mm 2mm; text-align: left; font-size: 9pt; }
        """;

    /// <summary>The page's Content-Security-Policy.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet)))}'; frame-ancestors 'none'";

    /// <summary>The page.</summary>
    public static string Write(PriorAuthorizationPacketResponse p)
    {
        ArgumentNullException.ThrowIfNull(p);
        static string E(object? s) => WebUtility.HtmlEncode(Convert.ToString(s, CultureInfo.InvariantCulture) ?? "not recorded");
        var h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Prior authorization packet</title><style>")
            .Append(Stylesheet).Append("</style></head><body>\n<h1>Prior authorization packet</h1>\n<table>")
            .Append($"<tr><th>Patient</th><td>{E(p.PatientName)}</td><th>Date of birth</th><td>{E(p.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</td></tr>")
            .Append($"<tr><th>Diagnosis</th><td>{E(p.Diagnosis)}</td><th>Indication</th><td>{E(p.Indication)}</td></tr>")
            .Append($"<tr><th>Protocol</th><td>{E(p.Protocol)}</td><th>Episode (weeks)</th><td>{E(p.EpisodeDurationWeeks)}</td></tr>")
            .Append($"<tr><th>REMS enrollment</th><td>{E(p.RemsEnrollmentReference)}</td><th>Setting certification</th><td>{E(p.SiteCertificationReference)}</td></tr>")
            .Append($"<tr><th>Psychotherapy tried</th><td>{E(p.PsychotherapyTried)}</td><th>Oral antidepressant</th><td>{E(p.TakingOralAntidepressant)}</td></tr></table>\n")
            .Append($"<h2>Antidepressant trials ({p.FailedTrials} failed)</h2><table><tr><th>Drug</th><th>Class</th><th>Adequate dose</th><th>Weeks</th><th>As prescribed</th><th>Improvement</th><th>Failed</th></tr>");
        foreach (var t in p.Trials)
        {
            h.Append($"<tr><td>{E(t.DrugName)}</td><td>{E(t.DrugClass)}</td><td>{E(t.AdequateDose)}</td><td>{E(t.DurationWeeks)}</td><td>{E(t.TakenAsPrescribed)}</td><td>{E(t.ImprovementPercent)}%</td><td>{E(t.Failed)}</td></tr>");
        }

        h.Append("</table>\n<h2>PHQ-9 history</h2><table><tr><th>Date</th><th>Total</th><th>Source</th></tr>");
        foreach (var s in p.Phq9History)
        {
            h.Append($"<tr><td>{E(s.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</td><td>{E(s.Total)}</td><td>{E(s.Source)}</td></tr>");
        }

        h.Append("</table>\n<h2>Authorizations</h2><table><tr><th>Payer</th><th>Reference</th><th>Status</th><th>Sessions</th><th>From</th><th>Through</th></tr>");
        foreach (var a in p.Authorizations)
        {
            h.Append($"<tr><td>{E(a.Payer)}</td><td>{E(a.ReferenceNumber)}</td><td>{E(a.Status)}</td><td>{E(a.ApprovedSessions)}</td><td>{E(a.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</td><td>{E(a.ValidThrough?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</td></tr>");
        }

        return h.Append("</table>\n</body></html>\n").ToString();
    }
}
