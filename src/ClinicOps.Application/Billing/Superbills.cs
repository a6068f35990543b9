using System.Globalization;
using System.Text;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Billing;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Billing;

/// <summary>A superbill line: a code derived from the session record.</summary>
/// <param name="Item">What it bills.</param>
/// <param name="Code" example="G2082">HCPCS or CPT code, picked by the date of service.</param>
/// <param name="Description" example="Esketamine nasal self-administration, up to 56 mg, with 2 hours of observation (established patient)">Description.</param>
/// <param name="Units" example="1">Units.</param>
/// <param name="Unit" example="session">What one unit is.</param>
public sealed record SuperbillLineResponse(BillableItem Item, string Code, string Description, int Units, string Unit);

/// <summary>The superbill of one session: what the clinic's billing system needs to raise a claim. ClinicOps computes it and never submits it.</summary>
/// <param name="SessionId" example="4e3d2c1b-0a99-4877-8665-5544332211ff">Session id.</param>
/// <param name="DateOfService" example="2026-12-03">The session's local date.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="PatientName" example="Avery Quinn">Patient's name.</param>
/// <param name="DateOfBirth" example="1984-03-17">Date of birth.</param>
/// <param name="Treatment">Esketamine or IvKetamine.</param>
/// <param name="DoseMg" example="56">Dose, mg.</param>
/// <param name="Diagnosis">The working diagnosis recorded at intake.</param>
/// <param name="Indication">What the treatment is for.</param>
/// <param name="RemsEnrollmentReference" example="PT-REMS-42">The patient's REMS enrollment (esketamine).</param>
/// <param name="SupervisingPrescriber" example="dr-lee">The prescriber onsite.</param>
/// <param name="FacilityName" example="Downtown clinic">The site.</param>
/// <param name="FacilityCertificationReference" example="REMS-SETTING-001">The site's REMS certification.</param>
/// <param name="Lines">The codes.</param>
/// <param name="Notes">Why an expected code is missing, and what ClinicOps does not hold (e.g. the ICD-10-CM code).</param>
public sealed record SuperbillResponse(
    Guid SessionId, DateOnly DateOfService, Guid PatientId, string PatientName, DateOnly DateOfBirth, IntendedTreatment Treatment, int DoseMg,
    DepressionDiagnosis? Diagnosis, ScreeningIndication? Indication, string? RemsEnrollmentReference, string? SupervisingPrescriber, string FacilityName,
    string? FacilityCertificationReference, IReadOnlyList<SuperbillLineResponse> Lines, IReadOnlyList<string> Notes)
{
    internal AuditTarget AuditTarget => new(nameof(TreatmentSession), SessionId.ToString(), null, PatientId);
}

/// <summary>The superbill of a dosed session (404 until it has a dose).</summary>
/// <param name="SessionId">Session id.</param>
/// <param name="PayerBillsDrug">Esketamine: the payer has the clinic bill the drug per mg (J0013, S0013 before 2026).</param>
public sealed record GetSuperbill(Guid SessionId, bool PayerBillsDrug) : IRequest<SuperbillResponse>;

/// <summary>The superbills of a site's dosed sessions between two local dates (at most 31 days), in date order.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="From">First local date.</param>
/// <param name="To">Last local date, inclusive.</param>
/// <param name="PayerBillsDrug">Esketamine: bill the drug per mg.</param>
public sealed record ListSuperbills(Guid SiteId, DateOnly? From, DateOnly? To, bool PayerBillsDrug) : IRequest<IReadOnlyList<SuperbillResponse>>;

/// <summary>Rules for <see cref="ListSuperbills"/>.</summary>
public sealed class ListSuperbillsValidator : AbstractValidator<ListSuperbills>
{
    /// <summary>Creates the validator.</summary>
    public ListSuperbillsValidator()
    {
        RuleFor(r => r.From).NotNull();
        RuleFor(r => r.To).NotNull().GreaterThanOrEqualTo(r => r.From).When(r => r.From is not null);
        RuleFor(r => r.To).Must((r, to) => to!.Value.DayNumber - r.From!.Value.DayNumber <= 30).WithMessage("A range covers at most 31 dates.")
            .When(r => r.From is not null && r.To is not null && r.To >= r.From);
    }
}

/// <summary>Handles the superbill reads.</summary>
public sealed class SuperbillsHandler(IClinicOpsDbContext db, IAuditTrail audit, ICurrentUser user) :
    IRequestHandler<GetSuperbill, SuperbillResponse>,
    IRequestHandler<ListSuperbills, IReadOnlyList<SuperbillResponse>>
{
    /// <inheritdoc />
    public async Task<SuperbillResponse> Handle(GetSuperbill request, CancellationToken cancellationToken)
    {
        var session = await db.TreatmentSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SessionId && s.Dose != null, cancellationToken)
            ?? throw new NotFoundException("Superbill", request.SessionId);
        var bills = await BuildAsync([session], request.PayerBillsDrug, cancellationToken);
        await audit.RecordReadsAsync([bills[0].AuditTarget], cancellationToken);
        return bills[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SuperbillResponse>> Handle(ListSuperbills request, CancellationToken cancellationToken)
    {
        var site = await db.Sites.AsNoTracking().Where(s => s.Id == request.SiteId && user.SiteIds.Contains(s.Id)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Site", request.SiteId);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZoneId);
        DateTimeOffset StartOf(DateOnly date) => new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), zone), TimeSpan.Zero);
        var (from, to) = (StartOf(request.From!.Value), StartOf(request.To!.Value.AddDays(1)));
        var sessions = await db.TreatmentSessions.AsNoTracking()
            .Where(s => s.SiteId == site.Id && s.Dose != null && s.CheckedInAt >= from && s.CheckedInAt < to)
            .OrderBy(s => s.CheckedInAt).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var bills = await BuildAsync(sessions, request.PayerBillsDrug, cancellationToken);
        await audit.RecordReadsAsync(bills.Select(b => b.AuditTarget), cancellationToken);
        return bills;
    }

    private async Task<List<SuperbillResponse>> BuildAsync(List<TreatmentSession> sessions, bool payerBillsDrug, CancellationToken cancellationToken)
    {
        if (sessions.Count == 0)
        {
            return [];
        }

        var table = await db.BillingCodes.AsNoTracking().ToListAsync(cancellationToken);
        var siteIds = sessions.Select(s => s.SiteId).Distinct().ToList();
        var patientIds = sessions.Select(s => s.PatientId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var patients = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.DateOfBirth }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var enrollments = await db.RemsEnrollments.AsNoTracking().Where(e => patientIds.Contains(e.PatientId))
            .ToDictionaryAsync(e => e.PatientId, e => e.Reference, cancellationToken);
        var screenings = (await db.Screenings.AsNoTracking().Where(s => patientIds.Contains(s.PatientId)).ToListAsync(cancellationToken))
            .GroupBy(s => s.PatientId).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.Sequence).First());

        return [.. sessions.Select(session =>
        {
            var site = sites[session.SiteId];
            var patient = patients[session.PatientId];
            var dose = session.Dose!;
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(session.CheckedInAt, TimeZoneInfo.FindSystemTimeZoneById(site.TimeZoneId)).DateTime);
            int? infusionMinutes = dose is { InfusionStartedAt: { } start, InfusionEndedAt: { } end } ? (int)Math.Round((end - start).TotalMinutes) : null;
            var coding = BillingRules.Derive(new SessionBillingFacts(session.Treatment, date, dose.DoseMg, infusionMinutes, payerBillsDrug), table);
            var screening = screenings.GetValueOrDefault(session.PatientId);
            var notes = coding.Notes.Append("ClinicOps does not hold the ICD-10-CM code; the clinician codes the diagnosis in the billing system.").ToList();
            return new SuperbillResponse(
                session.Id, date, patient.Id, $"{patient.GivenName} {patient.FamilyName}", patient.DateOfBirth, session.Treatment, dose.DoseMg,
                screening?.Input.Diagnosis, screening?.Indication, enrollments.GetValueOrDefault(session.PatientId), session.CheckIn.SupervisingPrescriber,
                site.Name, site.RemsCertificationReference,
                [.. coding.Lines.Select(l => new SuperbillLineResponse(l.Item, l.Code, l.Description, l.Units, l.Unit))], notes);
        })];
    }
}

/// <summary>Writes superbills as CSV (RFC 4180), one row per code line.</summary>
public static class SuperbillCsv
{
    /// <summary>The media type.</summary>
    public const string MediaType = "text/csv";

    private static readonly string[] Header =
    [
        "sessionId", "dateOfService", "patientId", "patientName", "dateOfBirth", "treatment", "doseMg", "diagnosis", "indication", "remsEnrollmentReference",
        "supervisingPrescriber", "facilityName", "facilityCertificationReference", "code", "units", "unit", "description",
    ];

    /// <summary>The CSV text, header first.</summary>
    public static string Write(IEnumerable<SuperbillResponse> bills)
    {
        var csv = new StringBuilder().AppendJoin(',', Header).Append("\r\n");
        foreach (var bill in bills)
        {
            foreach (var line in bill.Lines)
            {
                string?[] fields =
                [
                    bill.SessionId.ToString(), bill.DateOfService.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), bill.PatientId.ToString(), bill.PatientName,
                    bill.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), bill.Treatment.ToString(), bill.DoseMg.ToString(CultureInfo.InvariantCulture),
                    bill.Diagnosis?.ToString(), bill.Indication?.ToString(), bill.RemsEnrollmentReference, bill.SupervisingPrescriber, bill.FacilityName,
                    bill.FacilityCertificationReference, line.Code, line.Units.ToString(CultureInfo.InvariantCulture), line.Unit, line.Description,
                ];
                csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    // Quoted when needed (RFC 4180); a leading = + - @ is neutralised so a spreadsheet never runs a name as a formula (OWASP CSV injection).
    private static string Field(string? value)
    {
        value ??= string.Empty;
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
