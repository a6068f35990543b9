using ClinicOps.Application.Common;
using ClinicOps.Domain.TreatmentDay;
using MediatR;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>Where monitoring stands: time, checkpoints, alerts, the latest vitals and readiness.</summary>
/// <param name="SessionId" example="4e3d2c1b-0a99-4877-8665-5544332211ff">Session id.</param>
/// <param name="Status">CheckedIn, Monitoring, Discharged or LeftEarly.</param>
/// <param name="ClockStartedAt" example="2026-12-03T15:10:00+00:00">When monitoring time started (first device, or end of infusion); null before.</param>
/// <param name="MonitoringMinutes" example="120">Minimum monitoring.</param>
/// <param name="ElapsedMinutes" example="95">Minutes since the clock started.</param>
/// <param name="RemainingMinutes" example="25">Minutes of the minimum left.</param>
/// <param name="Checkpoints">Required checkpoints: met, due or missed.</param>
/// <param name="OpenAlerts">Alerts not yet resolved.</param>
/// <param name="LatestVitals">The latest reading that stands.</param>
/// <param name="ReadyForDischarge">Every readiness check passes now.</param>
/// <param name="Flags">Flags recorded on the session.</param>
/// <param name="EvaluatedAt" example="2026-12-03T16:45:00+00:00">When this was evaluated.</param>
public sealed record SessionStatusResponse(
    Guid SessionId, SessionStatus Status, DateTimeOffset? ClockStartedAt, int MonitoringMinutes, int? ElapsedMinutes, int? RemainingMinutes,
    IReadOnlyList<CheckpointResponse> Checkpoints, IReadOnlyList<AlertResponse> OpenAlerts, ReadingResponse? LatestVitals, bool ReadyForDischarge,
    IReadOnlyList<string> Flags, DateTimeOffset EvaluatedAt);

/// <summary>A checkpoint.</summary>
/// <param name="Name" example="40 minutes after dosing">Name.</param>
/// <param name="From" example="2026-12-03T15:40:00+00:00">Start of its window; null for "any time before".</param>
/// <param name="To" example="2026-12-03T16:00:00+00:00">End of its window.</param>
/// <param name="MetAt" example="2026-12-03T15:50:00+00:00">Measured-at of the blood pressure that meets it.</param>
/// <param name="Due">Not met yet, and still open.</param>
/// <param name="Missed">Closed without a reading.</param>
public sealed record CheckpointResponse(string Name, DateTimeOffset? From, DateTimeOffset To, DateTimeOffset? MetAt, bool Due, bool Missed);

/// <summary>Whether the patient may leave now, check by check.</summary>
/// <param name="SessionId" example="4e3d2c1b-0a99-4877-8665-5544332211ff">Session id.</param>
/// <param name="Ready">Every check passes.</param>
/// <param name="Checks">Every check with a sentence.</param>
/// <param name="EvaluatedAt" example="2026-12-03T16:45:00+00:00">When this was evaluated.</param>
public sealed record ReadinessResponse(Guid SessionId, bool Ready, IReadOnlyList<ReadinessCheckResponse> Checks, DateTimeOffset EvaluatedAt);

/// <summary>Reads a whole session.</summary>
/// <param name="Id">Session id.</param>
public sealed record GetSession(Guid Id) : IRequest<SessionResponse>;

/// <summary>Reads where monitoring stands.</summary>
/// <param name="Id">Session id.</param>
public sealed record GetSessionStatus(Guid Id) : IRequest<SessionStatusResponse>;

/// <summary>Reads discharge readiness.</summary>
/// <param name="Id">Session id.</param>
public sealed record GetReadiness(Guid Id) : IRequest<ReadinessResponse>;

/// <summary>Handles the session reads.</summary>
public sealed class SessionReadsHandler(IClinicOpsDbContext db, IAuditTrail audit, TimeProvider clock) :
    IRequestHandler<GetSession, SessionResponse>,
    IRequestHandler<GetSessionStatus, SessionStatusResponse>,
    IRequestHandler<GetReadiness, ReadinessResponse>
{
    /// <summary>Before the monitoring clock starts, readiness is this single failed check.</summary>
    internal static readonly ReadinessCheck NotDosed = new(DischargeReadiness.MonitoringTime, false,
        "No dose has been given (or the infusion has not ended), so the monitoring clock has not started.", "Spravato REMS: monitoring counts from the first device");

    /// <inheritdoc />
    public async Task<SessionResponse> Handle(GetSession request, CancellationToken cancellationToken)
    {
        var state = await LoadAsync(request.Id, cancellationToken);
        return SessionResponse.From(state.Session, state.AllReadings, state.Alerts);
    }

    /// <inheritdoc />
    public async Task<SessionStatusResponse> Handle(GetSessionStatus request, CancellationToken cancellationToken)
    {
        var state = await LoadAsync(request.Id, cancellationToken);
        var s = state.Session;
        var elapsed = s.ClockStartedAt is { } clockStart ? (int?)Math.Max(0, (int)Math.Floor(((s.End?.At ?? state.Now) - clockStart).TotalMinutes)) : null;
        var readiness = state.Readiness() ?? [NotDosed];
        return new SessionStatusResponse(
            s.Id, s.Status, s.ClockStartedAt, s.MonitoringMinutes, elapsed, elapsed is { } e ? Math.Max(0, s.MonitoringMinutes - e) : null,
            [.. state.Checkpoints.Select(c => new CheckpointResponse(c.Name, c.From, c.To, c.MetAt, c.Due, c.Missed))],
            [.. state.Alerts.Where(a => a.IsOpen).Select(AlertResponse.From)],
            state.Readings.Count == 0 ? null : ReadingResponse.From(state.Readings[^1]),
            !s.IsLocked && DischargeReadiness.IsReady(readiness),
            s.Flags,
            state.Now);
    }

    /// <inheritdoc />
    public async Task<ReadinessResponse> Handle(GetReadiness request, CancellationToken cancellationToken)
    {
        var state = await LoadAsync(request.Id, cancellationToken);
        var checks = state.Readiness() ?? [NotDosed];
        return new ReadinessResponse(state.Session.Id, DischargeReadiness.IsReady(checks), [.. checks.Select(ReadinessCheckResponse.From)], state.Now);
    }

    private async Task<SessionState> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var state = await SessionState.LoadAsync(db, id, clock.GetUtcNow(), track: false, cancellationToken);
        await audit.RecordReadsAsync([new Domain.Auditing.AuditTarget(nameof(TreatmentSession), id.ToString(), state.Session.SiteId, state.Session.PatientId)], cancellationToken);
        return state;
    }
}
