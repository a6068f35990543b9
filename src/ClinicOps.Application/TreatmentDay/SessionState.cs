using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.Sites;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>
/// A session with what its rules read: the readings that stand (corrections applied), the open alerts and the site's
/// thresholds, evaluated at one moment. Status, readiness, discharge and the REMS record all read this one view.
/// </summary>
internal sealed class SessionState
{
    /// <summary>Event times may run this far ahead of the server's clock (device clocks drift).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private SessionState(TreatmentSession session, IReadOnlyList<VitalsReading> allReadings, IReadOnlyList<SessionAlert> alerts, AlertThresholds thresholds, DateTimeOffset now)
    {
        Session = session;
        AllReadings = allReadings;
        Readings = VitalsReading.Standing(allReadings);
        Alerts = alerts;
        Thresholds = thresholds;
        Now = now;
        Checkpoints = session.Timeline is { } timeline
            ? Domain.TreatmentDay.Checkpoints.Evaluate(session.CheckpointPlan, timeline, Readings.Select(r => r.Vitals), now)
            : [];
    }

    public TreatmentSession Session { get; }

    /// <summary>Every reading, corrected ones included (for the record).</summary>
    public IReadOnlyList<VitalsReading> AllReadings { get; }

    /// <summary>Readings that stand, by measured time.</summary>
    public IReadOnlyList<VitalsReading> Readings { get; }

    public IReadOnlyList<SessionAlert> Alerts { get; }

    public AlertThresholds Thresholds { get; }

    public DateTimeOffset Now { get; }

    public IReadOnlyList<CheckpointStatus> Checkpoints { get; }

    public int OpenAlerts => Alerts.Count(a => a.IsOpen);

    public static async Task<SessionState> LoadAsync(IClinicOpsDbContext db, Guid sessionId, DateTimeOffset now, bool track, CancellationToken cancellationToken)
    {
        // Compiled once per model: status and readiness are read every few seconds per chair, and building,
        // funcletizing and looking up these LINQ trees cost more CPU than SQLite's execution of them.
        var context = db.AsDbContext();
        return await db.OnOneConnectionAsync(
            async () =>
            {
                var found = await (track ? TrackedSession : UntrackedSession).For(context)(context, sessionId, cancellationToken)
                    ?? throw new NotFoundException("TreatmentSession", sessionId);
                var readings = await ReadingsOf.For(context)(context, sessionId).ToListAsync(cancellationToken);
                var alerts = await AlertsOf.For(context)(context, sessionId).ToListAsync(cancellationToken);
                return new SessionState(found.Session, readings, alerts, found.Thresholds, now);
            },
            cancellationToken);
    }

    private static readonly CompiledPerModel<Func<DbContext, Guid, CancellationToken, Task<SessionRow?>>> TrackedSession = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid id, CancellationToken _) => db.Set<TreatmentSession>().Where(s => s.Id == id)
            .Join(db.Set<Site>(), s => s.SiteId, site => site.Id, (s, site) => new SessionRow(s, site.AlertThresholds))
            .SingleOrDefault()));

    private static readonly CompiledPerModel<Func<DbContext, Guid, CancellationToken, Task<SessionRow?>>> UntrackedSession = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid id, CancellationToken _) => db.Set<TreatmentSession>().AsNoTracking().Where(s => s.Id == id)
            .Join(db.Set<Site>(), s => s.SiteId, site => site.Id, (s, site) => new SessionRow(s, site.AlertThresholds))
            .SingleOrDefault()));

    private static readonly CompiledPerModel<Func<DbContext, Guid, IAsyncEnumerable<VitalsReading>>> ReadingsOf = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid id) => db.Set<VitalsReading>().AsNoTracking().Where(r => r.SessionId == id)));

    private static readonly CompiledPerModel<Func<DbContext, Guid, IAsyncEnumerable<SessionAlert>>> AlertsOf = new(() => EF.CompileAsyncQuery<DbContext, Guid, SessionAlert>(
        (DbContext db, Guid id) => db.Set<SessionAlert>().AsNoTracking().Where(a => a.SessionId == id).OrderBy(a => a.RaisedAt)));

    private sealed record SessionRow(TreatmentSession Session, AlertThresholds Thresholds);

    /// <summary>A view over records already loaded (the observation board loads every chair's at once).</summary>
    public static SessionState From(TreatmentSession session, IReadOnlyList<VitalsReading> readings, IReadOnlyList<SessionAlert> alerts, AlertThresholds thresholds, DateTimeOffset now) =>
        new(session, readings, alerts, thresholds, now);

    /// <summary>Readiness at <see cref="Now"/> (or at <paramref name="at"/>), or null before the monitoring clock starts.</summary>
    public IReadOnlyList<ReadinessCheck>? Readiness(DateTimeOffset? at = null)
    {
        if (Session.Timeline is not { } timeline)
        {
            return null;
        }

        var when = at ?? Now;
        var checkpoints = Domain.TreatmentDay.Checkpoints.Evaluate(Session.CheckpointPlan, timeline, Readings.Select(r => r.Vitals), when);
        return DischargeReadiness.Evaluate(new ReadinessInput(
            timeline, checkpoints, [.. Readings.Where(r => r.MeasuredAt <= when).Select(r => r.Vitals)], OpenAlerts, Thresholds, Session.CheckIn.RideConfirmed, when));
    }

    /// <summary>The latest blood pressure before dosing, if any.</summary>
    public BloodPressure? PreDoseBloodPressure(DateTimeOffset? dosingAt = null) =>
        Readings.Where(r => r.Systolic is not null && r.Diastolic is not null && (dosingAt is null || r.MeasuredAt < dosingAt))
            .Select(r => new BloodPressure(r.Systolic!.Value, r.Diastolic!.Value)).LastOrDefault();

    /// <summary>Refuses (400) a client event time in the future beyond the clock skew, or before <paramref name="notBefore"/>.</summary>
    public static void EnsureEventTime(string field, DateTimeOffset at, DateTimeOffset now, DateTimeOffset? notBefore, string notBeforeWhat)
    {
        var error = at > now + ClockSkew ? $"'{field}' must not be in the future (2 minutes of clock skew are allowed)."
            : notBefore is { } earliest && at < earliest ? $"'{field}' must not be before {notBeforeWhat}."
            : null;
        if (error is not null)
        {
            throw new FluentValidation.ValidationException([new ValidationFailure(field, error)]);
        }
    }

    /// <summary>The 409 for a change to a locked session.</summary>
    public static ConflictException Locked(TreatmentSession session) =>
        new("session.locked", $"The session is {session.Status} and locked; corrections after discharge are addenda to the REMS record, not changes to the session.");
}
