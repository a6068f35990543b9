using ClinicOps.Application.Common;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>One reading as posted from a tablet.</summary>
public sealed record VitalsRequest
{
    /// <summary>Device time of the measurement (defaults to now); not in the future beyond 2 minutes, not before check-in.</summary>
    /// <example>2026-12-03T15:50:00+00:00</example>
    public DateTimeOffset? MeasuredAt { get; init; }

    /// <summary>Systolic, 50-300 mmHg.</summary>
    /// <example>138</example>
    public int? Systolic { get; init; }

    /// <summary>Diastolic, 20-200 mmHg, below systolic.</summary>
    /// <example>86</example>
    public int? Diastolic { get; init; }

    /// <summary>Heart rate, 20-250 per minute.</summary>
    /// <example>78</example>
    public int? HeartRate { get; init; }

    /// <summary>SpO2, 50-100 percent.</summary>
    /// <example>97</example>
    public int? SpO2 { get; init; }

    /// <summary>Respiratory rate, 4-60 per minute.</summary>
    /// <example>14</example>
    public int? RespiratoryRate { get; init; }

    /// <summary>MOAA/S sedation, 0-5 (5 responds readily to name).</summary>
    /// <example>4</example>
    public int? Moaas { get; init; }

    /// <summary>Observed dissociation.</summary>
    /// <example>Mild</example>
    public DissociationLevel? Dissociation { get; init; }

    /// <summary>CADSS total, 0-92, when used.</summary>
    /// <example>6</example>
    public int? CadssScore { get; init; }

    /// <summary>A note (up to 500 characters).</summary>
    /// <example>Mild dizziness, resolving.</example>
    public string? Note { get; init; }

    internal VitalSigns ToVitals(DateTimeOffset now) =>
        new(MeasuredAt ?? now, Systolic, Diastolic, HeartRate, SpO2, RespiratoryRate, Moaas, Dissociation, CadssScore);
}

/// <summary>A recorded reading and the alerts it raised.</summary>
/// <param name="Reading">The reading.</param>
/// <param name="Alerts">Alerts it raised; they stay open until a clinician resolves them.</param>
public sealed record RecordedVitalsResponse(ReadingResponse Reading, IReadOnlyList<AlertResponse> Alerts);

/// <summary>
/// Records one reading and checks it against the site's alert rules. Implausible values get 400 naming the field;
/// a locked session gets 409. Retried with the same <c>Idempotency-Key</c>, it is recorded once.
/// </summary>
/// <param name="SessionId">Session id.</param>
/// <param name="Vitals">The reading.</param>
public sealed record RecordVitals(Guid SessionId, VitalsRequest Vitals) : IRequest<RecordedVitalsResponse>;

/// <summary>Handles <see cref="RecordVitals"/>.</summary>
public sealed class RecordVitalsHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<RecordVitals, RecordedVitalsResponse>
{
    /// <inheritdoc />
    public async Task<RecordedVitalsResponse> Handle(RecordVitals request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (session, thresholds) = await VitalsRecording.LoadOpenSessionAsync(db, request.SessionId, cancellationToken);
        var problems = VitalsRecording.Problems(request.Vitals, session, now, string.Empty);
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        var (reading, alerts) = VitalsRecording.Add(db, session, request.Vitals.ToVitals(now), request.Vitals.Note, now, thresholds);
        await db.SaveChangesAsync(cancellationToken);
        return VitalsRecording.Respond(reading, alerts);
    }
}

/// <summary>What recording a reading shares: the session check, plausibility, time rules and alerts.</summary>
internal static class VitalsRecording
{
    public static async Task<(TreatmentSession Session, AlertThresholds Thresholds)> LoadOpenSessionAsync(IClinicOpsDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        var found = await db.TreatmentSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Join(db.Sites, s => s.SiteId, site => site.Id, (s, site) => new { Session = s, site.AlertThresholds })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("TreatmentSession", sessionId);
        if (found.Session.IsLocked)
        {
            throw SessionState.Locked(found.Session);
        }

        return (found.Session, found.AlertThresholds);
    }

    /// <summary>Every problem with one reading, as validation failures whose names start with <paramref name="prefix"/>.</summary>
    public static List<ValidationFailure> Problems(VitalsRequest? request, TreatmentSession session, DateTimeOffset now, string prefix)
    {
        if (request is null)
        {
            return [new ValidationFailure(prefix.TrimEnd('.'), "A reading is required.")];
        }

        var vitals = request.ToVitals(now);
        var problems = VitalsPlausibility.Problems(vitals).Select(p => new ValidationFailure(prefix + p.Field, p.Message)).ToList();
        if (vitals.MeasuredAt > now + SessionState.ClockSkew)
        {
            problems.Add(new ValidationFailure(prefix + "measuredAt", "'measuredAt' must not be in the future (2 minutes of clock skew are allowed)."));
        }
        else if (vitals.MeasuredAt < session.CheckedInAt)
        {
            problems.Add(new ValidationFailure(prefix + "measuredAt", "'measuredAt' must not be before check-in."));
        }

        if (request.Note is { Length: > 500 })
        {
            problems.Add(new ValidationFailure(prefix + "note", "'note' may hold at most 500 characters."));
        }

        return problems;
    }

    /// <summary>Adds the reading and the alerts it raises to the context (the caller saves).</summary>
    public static (VitalsReading Reading, IReadOnlyList<SessionAlert> Alerts) Add(
        IClinicOpsDbContext db, TreatmentSession session, VitalSigns vitals, string? note, DateTimeOffset now, AlertThresholds thresholds,
        VitalsReading? corrects = null, string? correctionReason = null)
    {
        var reading = new VitalsReading(session, vitals, note?.Trim(), now, corrects, correctionReason);
        var alerts = AlertRules.Evaluate(vitals, thresholds).Select(a => new SessionAlert(reading, a)).ToList();
        db.VitalsReadings.Add(reading);
        db.SessionAlerts.AddRange(alerts);
        return (reading, alerts);
    }

    /// <summary>The response, once saved (so who recorded it is stamped).</summary>
    public static RecordedVitalsResponse Respond(VitalsReading reading, IEnumerable<SessionAlert> alerts) =>
        new(ReadingResponse.From(reading), [.. alerts.Select(AlertResponse.From)]);
}
