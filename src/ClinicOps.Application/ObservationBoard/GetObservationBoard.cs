using ClinicOps.Application.Common;
using ClinicOps.Application.Sites;
using ClinicOps.Application.TreatmentDay;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.ObservationBoard;

/// <summary>The nurse station's board of a site: every chair and the patient being monitored in it.</summary>
public sealed record GetObservationBoard : IRequest<ObservationBoardResponse>
{
    /// <summary>Site id.</summary>
    /// <example>5e1f0000-0000-4000-8000-000000000001</example>
    public Guid SiteId { get; init; }

    /// <summary>Audit the read of every session shown (the stream audits each session once per connection itself).</summary>
    public bool AuditReads { get; init; } = true;
}

/// <summary>Rules for <see cref="GetObservationBoard"/>.</summary>
public sealed class GetObservationBoardValidator : AbstractValidator<GetObservationBoard>
{
    /// <summary>Creates the validator.</summary>
    public GetObservationBoardValidator() => RuleFor(b => b.SiteId).NotEmpty();
}

/// <summary>A site's chairs as the nurse station sees them, evaluated at one moment.</summary>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="Sequence" example="4711">The site's change sequence when the board was read (the stream's event id).</param>
/// <param name="EvaluatedAt" example="2026-12-03T16:45:00+00:00">When the board was evaluated.</param>
/// <param name="Chairs">Active chairs (and any chair holding a session), in name order.</param>
public sealed record ObservationBoardResponse(Guid SiteId, long Sequence, DateTimeOffset EvaluatedAt, IReadOnlyList<BoardChairResponse> Chairs);

/// <summary>One chair of the board.</summary>
/// <param name="ChairId" example="1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9">Chair id.</param>
/// <param name="ChairName" example="Chair 1">Chair name.</param>
/// <param name="Session">The session in the chair (checked in or being monitored), or null when the chair is free.</param>
public sealed record BoardChairResponse(Guid ChairId, string ChairName, BoardSessionResponse? Session);

/// <summary>The patient in a chair, for a shared screen: initials only.</summary>
/// <param name="SessionId" example="4e3d2c1b-0a99-4877-8665-5544332211ff">Session id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id (to open the record; the board itself shows initials only).</param>
/// <param name="PatientInitials" example="AQ">The patient's initials.</param>
/// <param name="Treatment">Esketamine or IvKetamine.</param>
/// <param name="Label" example="induction 3">Phase and session number.</param>
/// <param name="Status">CheckedIn or Monitoring.</param>
/// <param name="ClockStartedAt" example="2026-12-03T15:10:00+00:00">First esketamine device, or the end of the IV infusion; null before.</param>
/// <param name="ElapsedMinutes" example="95">Minutes since the first device (or the end of the infusion); null before.</param>
/// <param name="MonitoringMinutes" example="120">Minimum monitoring.</param>
/// <param name="RemainingMinutes" example="25">Minutes of the minimum left; null before the clock starts.</param>
/// <param name="NextCheckpoint">The vitals checkpoint to take next and when it is due; null when none is due.</param>
/// <param name="OpenAlerts">Alerts not yet resolved by a clinician.</param>
/// <param name="ReadyForDischarge">Every discharge readiness check passes now.</param>
public sealed record BoardSessionResponse(
    Guid SessionId, Guid PatientId, string PatientInitials, IntendedTreatment Treatment, string Label, SessionStatus Status, DateTimeOffset? ClockStartedAt,
    int? ElapsedMinutes, int MonitoringMinutes, int? RemainingMinutes, BoardCheckpointResponse? NextCheckpoint, IReadOnlyList<AlertResponse> OpenAlerts,
    bool ReadyForDischarge);

/// <summary>The next vitals checkpoint.</summary>
/// <param name="Name" example="40 minutes after dosing">Checkpoint.</param>
/// <param name="DueFrom" example="2026-12-03T15:40:00+00:00">When its window opens; null for "before dosing".</param>
/// <param name="DueBy" example="2026-12-03T16:00:00+00:00">When its window closes; null before dosing.</param>
/// <param name="Overdue">The window closed without a blood pressure.</param>
public sealed record BoardCheckpointResponse(string Name, DateTimeOffset? DueFrom, DateTimeOffset? DueBy, bool Overdue);

/// <summary>Handles <see cref="GetObservationBoard"/>: computed from the database on every read, so any instance serves it.</summary>
public sealed class GetObservationBoardHandler(IClinicOpsDbContext db, ICurrentUser user, IAuditTrail audit, IBoardChangeFeed changes, TimeProvider clock)
    : IRequestHandler<GetObservationBoard, ObservationBoardResponse>
{
    /// <inheritdoc />
    public async Task<ObservationBoardResponse> Handle(GetObservationBoard request, CancellationToken cancellationToken)
    {
        var site = await SiteAccess.FindCallersSiteAsync(db, user, request.SiteId, cancellationToken);

        // The sequence is read first: the board below is at least as new as it, so a change committed meanwhile is
        // either in this board or announced by a higher sequence on the next poll.
        var sequence = await changes.SequenceAsync(site.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var sessions = await db.TreatmentSessions.AsNoTracking()
            .Where(s => s.SiteId == site.Id && (s.Status == SessionStatus.CheckedIn || s.Status == SessionStatus.Monitoring))
            .Join(db.Appointments, s => s.AppointmentId, a => a.Id, (s, a) => new { Session = s, a.ChairId })
            .Join(db.Patients, x => x.Session.PatientId, p => p.Id, (x, p) => new { x.Session, x.ChairId, p.GivenName, p.FamilyName })
            .ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Session.Id).ToList();
        var readings = (await db.VitalsReadings.AsNoTracking().Where(r => ids.Contains(r.SessionId)).ToListAsync(cancellationToken)).ToLookup(r => r.SessionId);
        var alerts = (await db.SessionAlerts.AsNoTracking().Where(a => ids.Contains(a.SessionId)).OrderBy(a => a.RaisedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken))
            .ToLookup(a => a.SessionId);
        var chairIds = sessions.Select(s => s.ChairId).OfType<Guid>().ToList();
        var chairs = await db.Chairs.AsNoTracking().Where(c => c.SiteId == site.Id && (c.Active || chairIds.Contains(c.Id)))
            .OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(cancellationToken);

        var bySeat = sessions.Where(s => s.ChairId is not null).GroupBy(s => s.ChairId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.Session.CheckedInAt).First());
        var board = chairs.Select(chair => new BoardChairResponse(chair.Id, chair.Name, bySeat.TryGetValue(chair.Id, out var seated)
            ? Describe(SessionState.From(seated.Session, [.. readings[seated.Session.Id]], [.. alerts[seated.Session.Id]], site.AlertThresholds, now),
                BoardRules.Initials(seated.GivenName, seated.FamilyName))
            : null)).ToList();

        if (request.AuditReads)
        {
            await audit.RecordReadsAsync(
                sessions.Select(s => new AuditTarget(nameof(TreatmentSession), s.Session.Id.ToString(), s.Session.SiteId, s.Session.PatientId)), cancellationToken);
        }

        return new ObservationBoardResponse(site.Id, sequence, now, board);
    }

    private static BoardSessionResponse Describe(SessionState state, string initials)
    {
        var s = state.Session;
        var elapsed = s.ClockStartedAt is { } start ? (int?)Math.Max(0, (int)Math.Floor((state.Now - start).TotalMinutes)) : null;
        var readiness = state.Readiness();
        var next = s.Dose is { InfusionStartedAt: { } infusionStart, InfusionEndedAt: null }
            ? BoardRules.DuringInfusion(s.CheckpointPlan, infusionStart, state.Readings.Where(r => r.Vitals.HasBloodPressure).Select(r => r.MeasuredAt), state.Now)
            : BoardRules.Next(s.CheckpointPlan, state.Checkpoints, s.Timeline is not null, state.Readings.Any(r => r.Vitals.HasBloodPressure), state.Now);
        return new BoardSessionResponse(
            s.Id, s.PatientId, initials, s.Treatment, $"{s.Phase.ToString().ToLowerInvariant()} {s.SessionNumber}", s.Status, s.ClockStartedAt, elapsed, s.MonitoringMinutes,
            elapsed is { } e ? Math.Max(0, s.MonitoringMinutes - e) : null,
            next is null ? null : new BoardCheckpointResponse(next.Name, next.DueFrom, next.DueBy, next.Overdue),
            [.. state.Alerts.Where(a => a.IsOpen).Select(AlertResponse.From)],
            readiness is not null && DischargeReadiness.IsReady(readiness));
    }
}
