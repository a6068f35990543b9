using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>A session's REMS monitoring record.</summary>
/// <param name="Id" example="1b0a9c8d-7e6f-4a5b-8c4d-3e2f1a0b9c8d">Record id.</param>
/// <param name="SessionId" example="4e3d2c1b-0a99-4877-8665-5544332211ff">The session.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="Treatment">Esketamine (goes to the REMS) or IvKetamine (the clinic's own record).</param>
/// <param name="Form">The form's fields.</param>
/// <param name="DueBy" example="2026-12-11T06:00:00+00:00">The 7-day submission deadline.</param>
/// <param name="Overdue">Not submitted by the deadline.</param>
/// <param name="SubmittedAt" example="2026-12-04T16:00:00+00:00">When staff marked it submitted.</param>
/// <param name="SubmittedBy" example="nurse-jordan">Who marked it submitted.</param>
/// <param name="SubmissionReference" example="REMS-CONF-88231">The REMS confirmation reference.</param>
/// <param name="SubmissionMethod">How it was submitted: Online or Fax (null when not said).</param>
/// <param name="DaysLeft" example="5">Whole days until the deadline (negative when overdue); null once submitted.</param>
public sealed record RemsRecordResponse(
    Guid Id, Guid SessionId, Guid PatientId, Guid SiteId, IntendedTreatment Treatment, RemsFormResponse Form, DateTimeOffset DueBy, bool Overdue,
    DateTimeOffset? SubmittedAt, string? SubmittedBy, string? SubmissionReference, RemsSubmissionMethod? SubmissionMethod = null, int? DaysLeft = null)
{
    internal static RemsRecordResponse From(RemsMonitoringRecord r, DateTimeOffset now) => new(
        r.Id, r.SessionId, r.PatientId, r.SiteId, r.Treatment, RemsFormResponse.From(r.Form), r.DueBy, r.IsOverdue(now), r.SubmittedAt, r.SubmittedBy, r.SubmissionReference,
        r.SubmissionMethod, r.SubmittedAt is null ? RemsFormSheet.DaysLeft(r.DueBy, now) : null);

    internal AuditTarget AuditTarget => new(nameof(RemsMonitoringRecord), Id.ToString(), SiteId, PatientId);
}

/// <summary>The REMS Patient Monitoring Form fields.</summary>
/// <param name="PatientName" example="Avery Quinn">Patient's name.</param>
/// <param name="DateOfBirth" example="1984-03-17">Date of birth.</param>
/// <param name="Sex" example="Female">Sex.</param>
/// <param name="FirstTreatment">The patient's first treatment session.</param>
/// <param name="PatientEnrollmentReference" example="PT-REMS-42">Patient REMS enrollment reference.</param>
/// <param name="SiteCertificationReference" example="REMS-SETTING-001">Setting certification reference.</param>
/// <param name="Medications">Concomitant benzodiazepines, sedative-hypnotics, psychostimulants, MAOIs, opioids.</param>
/// <param name="MonitoringProvider" example="dr-lee">The prescriber onsite.</param>
/// <param name="Clinic" example="Downtown clinic">The clinic.</param>
/// <param name="TreatmentDate" example="2026-12-03">Treatment date.</param>
/// <param name="DoseMg" example="56">Dose, mg.</param>
/// <param name="LotNumbers">Device lot numbers.</param>
/// <param name="TotalMonitoringMinutes" example="125">Minutes from the first device to the end of monitoring.</param>
/// <param name="MinutesUntilReadyWithoutTwoHourRule" example="75">Minutes until the patient would have been ready without the 2-hour rule.</param>
/// <param name="VitalsAcceptableBeforeDosing">Vitals acceptable before dosing.</param>
/// <param name="VitalsAcceptableBeforeCompletion">Vitals acceptable before completion.</param>
/// <param name="BeforeDosing">Blood pressure before dosing.</param>
/// <param name="AroundFortyMinutes">Blood pressure about 40 minutes after dosing.</param>
/// <param name="BeforeCompletion">Blood pressure before completion.</param>
/// <param name="Sedation">Sedation observed.</param>
/// <param name="Dissociation">Dissociation observed.</param>
/// <param name="RespiratoryDepression">Respiratory depression observed.</param>
/// <param name="SeriousAdverseEvent">A serious adverse event occurred.</param>
/// <param name="AdverseEventNote" example="None.">Note on it.</param>
/// <param name="LeftEarly">The patient left before being ready, against advice.</param>
/// <param name="EarlyDepartureReason" example="Declined to stay after counselling.">Why.</param>
public sealed record RemsFormResponse(
    string PatientName, DateOnly DateOfBirth, string Sex, bool FirstTreatment, string? PatientEnrollmentReference, string? SiteCertificationReference,
    IReadOnlyList<ConcomitantMedicationClass> Medications, string? MonitoringProvider, string Clinic, DateOnly TreatmentDate, int DoseMg,
    IReadOnlyList<string> LotNumbers, int TotalMonitoringMinutes, int? MinutesUntilReadyWithoutTwoHourRule, bool VitalsAcceptableBeforeDosing,
    bool VitalsAcceptableBeforeCompletion, PressureResponse? BeforeDosing, PressureResponse? AroundFortyMinutes, PressureResponse? BeforeCompletion,
    bool Sedation, bool Dissociation, bool RespiratoryDepression, bool SeriousAdverseEvent, string? AdverseEventNote, bool LeftEarly, string? EarlyDepartureReason)
{
    internal static RemsFormResponse From(RemsMonitoringForm f) => new(
        f.PatientName, f.DateOfBirth, f.Sex, f.FirstTreatment, f.PatientEnrollmentReference, f.SiteCertificationReference, f.Medications, f.MonitoringProvider,
        f.Clinic, f.TreatmentDate, f.DoseMg, f.LotNumbers, f.TotalMonitoringMinutes, f.MinutesUntilReadyWithoutTwoHourRule, f.VitalsAcceptableBeforeDosing,
        f.VitalsAcceptableBeforeCompletion, PressureResponse.From(f.BeforeDosing), PressureResponse.From(f.AroundFortyMinutes), PressureResponse.From(f.BeforeCompletion),
        f.Sedation, f.Dissociation, f.RespiratoryDepression, f.SeriousAdverseEvent, f.AdverseEventNote, f.LeftEarly, f.EarlyDepartureReason);
}

/// <summary>A blood pressure on the form.</summary>
/// <param name="MeasuredAt" example="2026-12-03T15:50:00+00:00">When.</param>
/// <param name="Systolic" example="138">Systolic, mmHg.</param>
/// <param name="Diastolic" example="86">Diastolic, mmHg.</param>
public sealed record PressureResponse(DateTimeOffset MeasuredAt, int Systolic, int Diastolic)
{
    internal static PressureResponse? From(CheckpointPressure? p) => p is null ? null : new(p.MeasuredAt, p.Systolic, p.Diastolic);
}

/// <summary>Marks a record submitted to the REMS.</summary>
public sealed record RemsSubmissionRequest
{
    /// <summary>The REMS confirmation reference, if any (up to 64 characters).</summary>
    /// <example>REMS-CONF-88231</example>
    public string? Reference { get; init; }

    /// <summary>How it was submitted: Online (the REMS website) or Fax.</summary>
    /// <example>Fax</example>
    public RemsSubmissionMethod? Method { get; init; }
}

/// <summary>Reads the REMS monitoring record of a session (404 until the session has ended).</summary>
/// <param name="SessionId">Session id.</param>
public sealed record GetRemsRecord(Guid SessionId) : IRequest<RemsRecordResponse>;

/// <summary>Marks a REMS record submitted, with who and when; a second time gets 409.</summary>
/// <param name="Id">Record id.</param>
/// <param name="Submission">The confirmation reference.</param>
public sealed record SubmitRemsRecord(Guid Id, RemsSubmissionRequest Submission) : IRequest<RemsRecordResponse>;

/// <summary>Which REMS records to list.</summary>
public enum RemsRecordFilter
{
    /// <summary>Not submitted yet, overdue or not.</summary>
    Pending,

    /// <summary>Not submitted by the 7-day deadline.</summary>
    Overdue,

    /// <summary>Submitted.</summary>
    Submitted,
}

/// <summary>A site's REMS records, oldest deadline first.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="Filter">Pending, Overdue or Submitted.</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">1-100.</param>
public sealed record ListRemsRecords(Guid SiteId, RemsRecordFilter Filter, int Page, int PageSize) : IRequest<PagedResult<RemsRecordResponse>>;

/// <summary>Rules for <see cref="SubmitRemsRecord"/>.</summary>
public sealed class SubmitRemsRecordValidator : AbstractValidator<SubmitRemsRecord>
{
    /// <summary>Creates the validator.</summary>
    public SubmitRemsRecordValidator()
    {
        RuleFor(r => r.Submission.Reference).MaximumLength(64).OverridePropertyName("reference");
        RuleFor(r => r.Submission.Method).IsInEnum().OverridePropertyName("method");
    }
}

/// <summary>Rules for <see cref="ListRemsRecords"/>.</summary>
public sealed class ListRemsRecordsValidator : AbstractValidator<ListRemsRecords>
{
    /// <summary>Creates the validator.</summary>
    public ListRemsRecordsValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PagedResult<object>.MaxPageSize);
    }
}

/// <summary>Handles the REMS record use cases.</summary>
public sealed class RemsRecordsHandler(IClinicOpsDbContext db, IAuditTrail audit, ICurrentUser user, TimeProvider clock) :
    IRequestHandler<GetRemsRecord, RemsRecordResponse>,
    IRequestHandler<SubmitRemsRecord, RemsRecordResponse>,
    IRequestHandler<ListRemsRecords, PagedResult<RemsRecordResponse>>
{
    /// <inheritdoc />
    public async Task<RemsRecordResponse> Handle(GetRemsRecord request, CancellationToken cancellationToken)
    {
        var record = await db.RemsMonitoringRecords.AsNoTracking().SingleOrDefaultAsync(r => r.SessionId == request.SessionId, cancellationToken)
            ?? throw new NotFoundException("RemsMonitoringRecord", request.SessionId);
        var response = RemsRecordResponse.From(record, clock.GetUtcNow());
        await audit.RecordReadsAsync([response.AuditTarget], cancellationToken);
        return response;
    }

    /// <inheritdoc />
    public async Task<RemsRecordResponse> Handle(SubmitRemsRecord request, CancellationToken cancellationToken)
    {
        var record = await db.RemsMonitoringRecords.SingleOrDefaultAsync(r => r.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException("RemsMonitoringRecord", request.Id);
        var now = clock.GetUtcNow();
        if (!record.MarkSubmitted(user.Subject, now, request.Submission.Reference?.Trim(), request.Submission.Method))
        {
            throw new ConflictException("rems.already-submitted", "This record was already marked submitted.");
        }

        await db.SaveChangesAsync(cancellationToken);
        return RemsRecordResponse.From(record, now);
    }

    /// <inheritdoc />
    public async Task<PagedResult<RemsRecordResponse>> Handle(ListRemsRecords request, CancellationToken cancellationToken)
    {
        if (!await db.Sites.AnyAsync(s => s.Id == request.SiteId && user.SiteIds.Contains(s.Id), cancellationToken))
        {
            throw new NotFoundException("Site", request.SiteId);
        }

        var now = clock.GetUtcNow();
        var query = db.RemsMonitoringRecords.AsNoTracking().Where(r => r.SiteId == request.SiteId);
        query = request.Filter switch
        {
            RemsRecordFilter.Overdue => query.Where(r => r.SubmittedAt == null && r.DueBy < now),
            RemsRecordFilter.Submitted => query.Where(r => r.SubmittedAt != null),
            _ => query.Where(r => r.SubmittedAt == null),
        };
        var page = await query.ReadPageAsync(q => q.OrderBy(r => r.DueBy).ThenBy(r => r.Id), r => r, request.Page, request.PageSize, cancellationToken);
        var items = page.Items.Select(r => RemsRecordResponse.From(r, now)).ToList();
        await audit.RecordReadsAsync(items.Select(i => i.AuditTarget), cancellationToken);
        return new PagedResult<RemsRecordResponse>(items, page.Page, page.PageSize, page.TotalCount);
    }
}
