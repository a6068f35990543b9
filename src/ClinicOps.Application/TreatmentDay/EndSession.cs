using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>A discharge.</summary>
public sealed record DischargeRequest
{
    /// <summary>When the patient left, as charted (defaults to now).</summary>
    /// <example>2026-12-03T17:15:00+00:00</example>
    public DateTimeOffset? DischargedAt { get; init; }

    /// <summary>Whether a serious adverse event occurred during the session (REMS form).</summary>
    /// <example>false</example>
    public bool? SeriousAdverseEvent { get; init; }

    /// <summary>What happened, when there was one (up to 1000 characters).</summary>
    /// <example>Transient hypertension 182/96 at 40 minutes, resolved without treatment.</example>
    public string? AdverseEventNote { get; init; }
}

/// <summary>A departure before the patient was ready, against advice.</summary>
public sealed record EarlyDepartureRequest
{
    /// <summary>When the patient left, as charted (defaults to now).</summary>
    /// <example>2026-12-03T16:20:00+00:00</example>
    public DateTimeOffset? LeftAt { get; init; }

    /// <summary>Why (5-1000 characters).</summary>
    /// <example>Declined to stay after counselling; left with their ride.</example>
    public string? Reason { get; init; }

    /// <summary>Whether a serious adverse event occurred during the session.</summary>
    /// <example>false</example>
    public bool? SeriousAdverseEvent { get; init; }

    /// <summary>What happened, when there was one.</summary>
    /// <example>None.</example>
    public string? AdverseEventNote { get; init; }
}

/// <summary>
/// Discharges a patient who is ready: every readiness check must pass, or 409 <c>session.not-ready</c> lists the
/// failed ones. The session is then locked and its REMS monitoring record produced.
/// </summary>
/// <param name="SessionId">Session id.</param>
/// <param name="Discharge">When, and adverse events.</param>
public sealed record DischargePatient(Guid SessionId, DischargeRequest Discharge) : IRequest<SessionResponse>;

/// <summary>
/// Records that the patient left before being ready, against advice: the session is locked, flagged for REMS, and its
/// monitoring record produced with the early departure.
/// </summary>
/// <param name="SessionId">Session id.</param>
/// <param name="Departure">When and why.</param>
public sealed record RecordEarlyDeparture(Guid SessionId, EarlyDepartureRequest Departure) : IRequest<SessionResponse>;

/// <summary>Rules for <see cref="DischargePatient"/>.</summary>
public sealed class DischargePatientValidator : AbstractValidator<DischargePatient>
{
    /// <summary>Creates the validator.</summary>
    public DischargePatientValidator()
    {
        RuleFor(r => r.Discharge.SeriousAdverseEvent).NotNull().OverridePropertyName("seriousAdverseEvent");
        RuleFor(r => r.Discharge.AdverseEventNote).MaximumLength(1000).OverridePropertyName("adverseEventNote");
    }
}

/// <summary>Rules for <see cref="RecordEarlyDeparture"/>.</summary>
public sealed class RecordEarlyDepartureValidator : AbstractValidator<RecordEarlyDeparture>
{
    /// <summary>Creates the validator.</summary>
    public RecordEarlyDepartureValidator()
    {
        RuleFor(r => r.Departure.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'reason' must be 5-1000 characters.").OverridePropertyName("reason");
        RuleFor(r => r.Departure.SeriousAdverseEvent).NotNull().OverridePropertyName("seriousAdverseEvent");
        RuleFor(r => r.Departure.AdverseEventNote).MaximumLength(1000).OverridePropertyName("adverseEventNote");
    }
}

/// <summary>Handles discharge and early departure.</summary>
public sealed class EndSessionHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock, ScreeningThresholds screening) :
    IRequestHandler<DischargePatient, SessionResponse>,
    IRequestHandler<RecordEarlyDeparture, SessionResponse>
{
    /// <inheritdoc />
    public async Task<SessionResponse> Handle(DischargePatient request, CancellationToken cancellationToken)
    {
        var state = await SessionState.LoadAsync(db, request.SessionId, clock.GetUtcNow(), track: true, cancellationToken);
        var session = state.Session;
        if (session.IsLocked)
        {
            throw SessionState.Locked(session);
        }

        var at = request.Discharge.DischargedAt ?? state.Now;
        SessionState.EnsureEventTime("dischargedAt", at, state.Now, session.ClockStartedAt ?? session.CheckedInAt, "the start of monitoring");
        var checks = state.Readiness(at) ?? [SessionReadsHandler.NotDosed];
        if (!DischargeReadiness.IsReady(checks))
        {
            throw new ConflictException("session.not-ready", "The patient is not ready for discharge; these checks fail.",
                [.. checks.Where(c => !c.Passed).Select(c => $"{c.Id}: {c.Explanation}")]);
        }

        session.Discharge(checks, at, user.Subject);
        await AddRemsRecordAsync(state, request.Discharge.SeriousAdverseEvent!.Value, request.Discharge.AdverseEventNote, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return SessionResponse.From(session, state.AllReadings, state.Alerts);
    }

    /// <inheritdoc />
    public async Task<SessionResponse> Handle(RecordEarlyDeparture request, CancellationToken cancellationToken)
    {
        var state = await SessionState.LoadAsync(db, request.SessionId, clock.GetUtcNow(), track: true, cancellationToken);
        var session = state.Session;
        if (session.IsLocked)
        {
            throw SessionState.Locked(session);
        }

        var at = request.Departure.LeftAt ?? state.Now;
        SessionState.EnsureEventTime("leftAt", at, state.Now, session.CheckedInAt, "check-in");
        session.LeaveEarly(state.Readiness(at) ?? [SessionReadsHandler.NotDosed], at, request.Departure.Reason!.Trim(), user.Subject);
        await AddRemsRecordAsync(state, request.Departure.SeriousAdverseEvent!.Value, request.Departure.AdverseEventNote, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return SessionResponse.From(session, state.AllReadings, state.Alerts);
    }

    private async Task AddRemsRecordAsync(SessionState state, bool seriousAdverseEvent, string? note, CancellationToken cancellationToken)
    {
        var session = state.Session;
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == session.PatientId, cancellationToken);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == session.SiteId, cancellationToken);
        var enrollment = await db.RemsEnrollments.AsNoTracking().Where(e => e.PatientId == session.PatientId).Select(e => e.Reference).FirstOrDefaultAsync(cancellationToken);
        var earlierSessions = await db.TreatmentSessions.AnyAsync(s => s.PatientId == session.PatientId && s.Id != session.Id && s.Dose != null, cancellationToken);
        var calendar = site.Calendar();
        var treatmentDate = DateOnly.FromDateTime(calendar.ToLocal(session.DosingStartedAt ?? session.CheckedInAt));
        var form = RemsFormBuilder.Build(session, new RemsFormContext(
            patient, site.Name, site.RemsCertificationReference, enrollment, !earlierSessions, treatmentDate,
            [.. state.Readings.Select(r => r.Vitals)], [.. state.Alerts.Select(a => a.Kind)], state.Thresholds,
            (screening.SystolicDeferAbove, screening.DiastolicDeferAbove), seriousAdverseEvent, note?.Trim()));
        var dueBy = calendar.ToInstant(treatmentDate.AddDays(RemsMonitoringRecord.DueWithinDays + 1), TimeOnly.MinValue)
            ?? (session.DosingStartedAt ?? session.CheckedInAt).AddDays(RemsMonitoringRecord.DueWithinDays + 1);
        db.RemsMonitoringRecords.Add(new RemsMonitoringRecord(session, form, dueBy));
    }
}
