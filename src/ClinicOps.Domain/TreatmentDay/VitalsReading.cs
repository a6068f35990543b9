using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.TreatmentDay;

/// <summary>
/// One reading recorded during a session. Never edited or deleted: a correction is a new reading that names the one it
/// corrects and why, and from then on stands in its place.
/// </summary>
public sealed class VitalsReading : AuditableEntity, ISiteScoped, IPatientScoped
{
    private VitalsReading()
    {
    }

    /// <summary>Records a reading (or a correction of <paramref name="corrects"/>).</summary>
    public VitalsReading(TreatmentSession session, VitalSigns vitals, string? note, DateTimeOffset receivedAt, VitalsReading? corrects = null, string? correctionReason = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(vitals);
        if ((corrects is null) != (correctionReason is null) || (corrects is not null && corrects.SessionId != session.Id))
        {
            throw new ArgumentException("A correction names a reading of the same session and a reason.", nameof(corrects));
        }

        SessionId = session.Id;
        PatientId = session.PatientId;
        SiteId = session.SiteId;
        MeasuredAt = vitals.MeasuredAt;
        Systolic = vitals.Systolic;
        Diastolic = vitals.Diastolic;
        HeartRate = vitals.HeartRate;
        SpO2 = vitals.SpO2;
        RespiratoryRate = vitals.RespiratoryRate;
        Moaas = vitals.Moaas;
        Dissociation = vitals.Dissociation;
        CadssScore = vitals.CadssScore;
        Note = note;
        ReceivedAt = receivedAt;
        CorrectsId = corrects?.Id;
        CorrectionReason = correctionReason;
    }

    /// <summary>The session.</summary>
    public Guid SessionId { get; private set; }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Device time of the measurement.</summary>
    public DateTimeOffset MeasuredAt { get; private set; }

    /// <summary>Systolic, mmHg.</summary>
    public int? Systolic { get; private set; }

    /// <summary>Diastolic, mmHg.</summary>
    public int? Diastolic { get; private set; }

    /// <summary>Heart rate per minute.</summary>
    public int? HeartRate { get; private set; }

    /// <summary>SpO2, percent.</summary>
    public int? SpO2 { get; private set; }

    /// <summary>Respiratory rate per minute.</summary>
    public int? RespiratoryRate { get; private set; }

    /// <summary>MOAA/S sedation, 0-5.</summary>
    public int? Moaas { get; private set; }

    /// <summary>Observed dissociation.</summary>
    public DissociationLevel? Dissociation { get; private set; }

    /// <summary>CADSS total.</summary>
    public int? CadssScore { get; private set; }

    /// <summary>The nurse's note.</summary>
    public string? Note { get; private set; }

    /// <summary>When the server received it.</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>The reading this one corrects.</summary>
    public Guid? CorrectsId { get; private set; }

    /// <summary>Why the earlier reading was corrected.</summary>
    public string? CorrectionReason { get; private set; }

    /// <summary>The measurements as the rules read them.</summary>
    public VitalSigns Vitals => new(MeasuredAt, Systolic, Diastolic, HeartRate, SpO2, RespiratoryRate, Moaas, Dissociation, CadssScore);

    /// <summary>The readings that stand: every reading not corrected by a later one.</summary>
    public static IReadOnlyList<VitalsReading> Standing(IEnumerable<VitalsReading> readings)
    {
        var all = readings.ToList();
        var corrected = all.Where(r => r.CorrectsId is not null).Select(r => r.CorrectsId!.Value).ToHashSet();
        return [.. all.Where(r => !corrected.Contains(r.Id)).OrderBy(r => r.MeasuredAt).ThenBy(r => r.ReceivedAt)];
    }
}

/// <summary>An alert raised by a reading, open until a clinician resolves it with a note.</summary>
public sealed class SessionAlert : AuditableEntity, ISiteScoped, IPatientScoped
{
    private SessionAlert()
    {
        Message = string.Empty;
    }

    /// <summary>Raises an alert from a reading.</summary>
    public SessionAlert(VitalsReading reading, RaisedAlert alert)
        : this()
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(alert);
        SessionId = reading.SessionId;
        PatientId = reading.PatientId;
        SiteId = reading.SiteId;
        ReadingId = reading.Id;
        Kind = alert.Kind;
        Message = alert.Message;
        RaisedAt = reading.MeasuredAt;
    }

    /// <summary>The session.</summary>
    public Guid SessionId { get; private set; }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>The reading that raised it.</summary>
    public Guid ReadingId { get; private set; }

    /// <summary>What it is about.</summary>
    public AlertKind Kind { get; private set; }

    /// <summary>The explanation.</summary>
    public string Message { get; private set; }

    /// <summary>Measured-at of the reading that raised it.</summary>
    public DateTimeOffset RaisedAt { get; private set; }

    /// <summary>When a clinician resolved it.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>Subject of the resolving clinician.</summary>
    public string? ResolvedBy { get; private set; }

    /// <summary>The clinician's note.</summary>
    public string? ResolutionNote { get; private set; }

    /// <summary>True until resolved.</summary>
    public bool IsOpen => ResolvedAt is null;

    /// <summary>Resolves the alert; false when it already was.</summary>
    public bool Resolve(string note, string by, DateTimeOffset at)
    {
        if (!IsOpen)
        {
            return false;
        }

        (ResolvedAt, ResolvedBy, ResolutionNote) = (at, by, note);
        return true;
    }
}
