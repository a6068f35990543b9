using System.Net;
using System.Security.Cryptography;
using System.Text;
using ClinicOps.Application.Common;
using ClinicOps.Domain.TreatmentDay;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>A field of the printable form.</summary>
/// <param name="Section" example="Treatment">The form's section.</param>
/// <param name="Label" example="Lot number(s)">Label as on the form.</param>
/// <param name="Value" example="24JG123">Value; null when ClinicOps does not hold it.</param>
/// <param name="Missing">True when the value is missing (the page names it).</param>
public sealed record FormFieldResponse(string Section, string Label, string? Value, bool Missing);

/// <summary>The REMS Patient Monitoring Form of a session, laid out as the form, ready to print or fax.</summary>
/// <param name="RecordId" example="1b0a9c8d-7e6f-4a5b-8c4d-3e2f1a0b9c8d">REMS record id.</param>
/// <param name="SessionId" example="4e3d2c1b-0a99-4877-8665-5544332211ff">Session id.</param>
/// <param name="Treatment">Esketamine (goes to the REMS) or IvKetamine (the clinic's own record).</param>
/// <param name="DueBy" example="2026-12-11T06:00:00+00:00">Submission deadline.</param>
/// <param name="DaysLeft" example="5">Whole days left (negative when overdue); null once submitted.</param>
/// <param name="SubmittedAt" example="2026-12-04T16:00:00+00:00">When it was marked submitted.</param>
/// <param name="SubmittedBy" example="nurse-jordan">Who marked it submitted.</param>
/// <param name="SubmissionMethod">Online or Fax.</param>
/// <param name="Fields">Every field in form order.</param>
/// <param name="MissingFields">Labels of the fields ClinicOps does not hold.</param>
public sealed record RemsFormSheetResponse(
    Guid RecordId, Guid SessionId, Domain.Screening.IntendedTreatment Treatment, DateTimeOffset DueBy, int? DaysLeft, DateTimeOffset? SubmittedAt, string? SubmittedBy,
    RemsSubmissionMethod? SubmissionMethod, IReadOnlyList<FormFieldResponse> Fields, IReadOnlyList<string> MissingFields);

/// <summary>The printable Patient Monitoring Form of a session (404 until the session has ended).</summary>
/// <param name="SessionId">Session id.</param>
public sealed record GetRemsForm(Guid SessionId) : IRequest<RemsFormSheetResponse>;

/// <summary>Handles <see cref="GetRemsForm"/>.</summary>
public sealed class GetRemsFormHandler(IClinicOpsDbContext db, IAuditTrail audit, TimeProvider clock) : IRequestHandler<GetRemsForm, RemsFormSheetResponse>
{
    /// <inheritdoc />
    public async Task<RemsFormSheetResponse> Handle(GetRemsForm request, CancellationToken cancellationToken)
    {
        var record = await db.RemsMonitoringRecords.AsNoTracking().SingleOrDefaultAsync(r => r.SessionId == request.SessionId, cancellationToken)
            ?? throw new NotFoundException("RemsMonitoringRecord", request.SessionId);
        var fields = RemsFormSheet.Fields(record.Form);
        await audit.RecordReadsAsync([new(nameof(RemsMonitoringRecord), record.Id.ToString(), record.SiteId, record.PatientId)], cancellationToken);
        return new RemsFormSheetResponse(
            record.Id, record.SessionId, record.Treatment, record.DueBy, record.SubmittedAt is null ? RemsFormSheet.DaysLeft(record.DueBy, clock.GetUtcNow()) : null,
            record.SubmittedAt, record.SubmittedBy, record.SubmissionMethod,
            [.. fields.Select(f => new FormFieldResponse(f.Section, f.Label, f.Value, f.Missing))], [.. fields.Where(f => f.Missing).Select(f => f.Label)]);
    }
}

/// <summary>
/// Writes the form as one printable HTML page: sections laid out like the paper form, a print stylesheet that fits a
/// Letter or A4 page, and every missing field named in a box at the top and in its place. The only style is inline and
/// allowed by its hash in the page's Content-Security-Policy, so the API's strict policy (no scripts, nothing else) holds.
/// </summary>
public static class RemsFormHtml
{
    /// <summary>The media type.</summary>
    public const string MediaType = "text/html";

    /// <summary>The stylesheet (its SHA-256 is what <see cref="ContentSecurityPolicy"/> allows).</summary>
    public const string Stylesheet = """
        @page { size: letter; margin: 10mm; }
        * { box-sizing: border-box; }
        body { font: 9pt/1.25 "DejaVu Sans", Arial, sans-serif; color: #000; margin: 0 auto; max-width: 190mm; }
        header { border-bottom: 2px solid #000; margin-bottom: 4mm; }
        h1 { font-size: 13pt; margin: 0 0 1mm; }
        .sub { font-size: 9pt; margin: 0 0 2mm; }
        .missing-list { border: 1.5px solid #b00; padding: 1.5mm 3mm; margin-bottom: 2mm; }
        section { border: 1px solid #000; margin-bottom: 2mm; break-inside: avoid; }
        h2 { font-size: 9.5pt; margin: 0; padding: 0.6mm 2mm; background: #e6e6e6; border-bottom: 1px solid #000; }
        dl { display: grid; grid-template-columns: 1fr 1fr; margin: 0; }
        .field { display: flex; gap: 2mm; padding: 0.6mm 2mm; border-bottom: 1px dotted #888; }
        dt { font-weight: bold; flex: 0 0 55%; }
        dd { margin: 0; }
        .missing dd { color: #b00; font-style: italic; }
        footer { font-size: 8pt; margin-top: 3mm; }
        @media print { .missing-list { -webkit-print-color-adjust: exact; print-color-adjust: exact; } h2 { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
        """;

    /// <summary>The page's Content-Security-Policy: nothing but its own inline stylesheet.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet)))}'; frame-ancestors 'none'";

    /// <summary>The page.</summary>
    public static string Write(RemsFormSheetResponse sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>REMS Patient Monitoring Form</title><style>")
            .Append(Stylesheet).Append("</style></head><body>\n<header><h1>SPRAVATO&#174; REMS Patient Monitoring Form</h1><p class=\"sub\">")
            .Append(sheet.Treatment == Domain.Screening.IntendedTreatment.Esketamine ? "Outpatient healthcare setting. " : "IV ketamine: the clinic's own record of the same safeguards. ")
            .Append("Due by ").Append(E(sheet.DueBy.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)))
            .Append(sheet.SubmittedAt is { } at
                ? $". Submitted {E(at.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture))} by {E(sheet.SubmittedBy)}{(sheet.SubmissionMethod is { } m ? $" ({m})" : string.Empty)}."
                : $". {(sheet.DaysLeft < 0 ? "OVERDUE" : $"{sheet.DaysLeft} day(s) left")}.")
            .Append("</p></header>\n");
        if (sheet.MissingFields.Count > 0)
        {
            html.Append("<div class=\"missing-list\"><strong>Missing, to be completed by hand: </strong>")
                .AppendJoin("; ", sheet.MissingFields.Select(E)).Append("</div>\n");
        }

        foreach (var section in sheet.Fields.GroupBy(f => f.Section))
        {
            html.Append("<section><h2>").Append(E(section.Key)).Append("</h2><dl>");
            foreach (var field in section)
            {
                html.Append(field.Missing ? "<div class=\"field missing\">" : "<div class=\"field\">")
                    .Append("<dt>").Append(E(field.Label)).Append("</dt><dd>")
                    .Append(field.Missing ? "MISSING" : E(field.Value)).Append("</dd></div>");
            }

            html.Append("</dl></section>\n");
        }

        html.Append("<footer>Filled by ClinicOps from the session record ").Append(E(sheet.SessionId.ToString()))
            .Append(". Submit within 7 days of the session online at spravatorems.com or by fax.</footer>\n</body></html>\n");
        return html.ToString();
    }
}
