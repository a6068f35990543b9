using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>A treatment session: check-in, dose, readings, alerts, and where monitoring stands.</summary>
/// <param name="Id" example="4e3d2c1b-0a99-4877-8665-5544332211ff">Session id.</param>
/// <param name="AppointmentId" example="6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a">The dosing appointment.</param>
/// <param name="CourseId" example="3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99">The course.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="Treatment">Esketamine or IvKetamine.</param>
/// <param name="Phase">Induction or Maintenance.</param>
/// <param name="SessionNumber" example="3">Number within the phase.</param>
/// <param name="Status">CheckedIn, Monitoring, Discharged or LeftEarly.</param>
/// <param name="CheckedInAt" example="2026-12-03T14:55:00+00:00">Check-in time (as charted).</param>
/// <param name="CheckIn">The pre-dose checklist.</param>
/// <param name="Phq9Total" example="12">PHQ-9 total at check-in.</param>
/// <param name="Overrides">Clinician overrides of pre-dose checks.</param>
/// <param name="Dose">The dose, once given.</param>
/// <param name="ClockStartedAt" example="2026-12-03T15:10:00+00:00">When monitoring time started: the first device, or the end of the infusion.</param>
/// <param name="Flags">Things recorded but worth a look (devices less than 5 minutes apart, an early departure).</param>
/// <param name="Readings">Every reading, corrections included (a corrected reading shows who corrected it).</param>
/// <param name="Alerts">Alerts raised, open and resolved.</param>
/// <param name="End">How the session ended, once it has.</param>
public sealed record SessionResponse(
    Guid Id,
    Guid AppointmentId,
    Guid CourseId,
    Guid PatientId,
    Guid SiteId,
    IntendedTreatment Treatment,
    CoursePhase Phase,
    int SessionNumber,
    SessionStatus Status,
    DateTimeOffset CheckedInAt,
    CheckInResponse CheckIn,
    int? Phq9Total,
    IReadOnlyList<OverrideResponse> Overrides,
    DoseResponse? Dose,
    DateTimeOffset? ClockStartedAt,
    IReadOnlyList<string> Flags,
    IReadOnlyList<ReadingResponse> Readings,
    IReadOnlyList<AlertResponse> Alerts,
    SessionEndResponse? End)
{
    internal static SessionResponse From(TreatmentSession s, IEnumerable<VitalsReading> allReadings, IEnumerable<SessionAlert> alerts)
    {
        var readings = allReadings.ToList();
        var correctedBy = readings.Where(r => r.CorrectsId is not null).ToDictionary(r => r.CorrectsId!.Value, r => r.Id);
        return new SessionResponse(
            s.Id, s.AppointmentId, s.CourseId, s.PatientId, s.SiteId, s.Treatment, s.Phase, s.SessionNumber, s.Status, s.CheckedInAt,
            new CheckInResponse(s.CheckIn.RideConfirmed, s.CheckIn.RideDetails, s.CheckIn.FastingAcknowledged, s.CheckIn.Medications, s.CheckIn.Pregnancy,
                s.CheckIn.Phq9Answers, s.CheckIn.SupervisingPrescriber, s.CheckIn.PulseOximeterOnsite, s.CheckInReceivedAt),
            s.Phq9Total,
            [.. s.Overrides.Select(o => new OverrideResponse(o.Check, o.Reason, o.By, o.At))],
            s.Dose is { } d
                ? new DoseResponse(d.DoseMg, [.. d.Devices.Select(v => new DeviceResponse(v.LotNumber, v.AdministeredAt, v.ReceivedAt))], d.WeightKg, d.MgPerKg,
                    d.InfusionStartedAt, d.InfusionEndedAt, d.AdministeredBy, d.RecordedAt)
                : null,
            s.ClockStartedAt,
            s.Flags,
            [.. readings.OrderBy(r => r.MeasuredAt).ThenBy(r => r.ReceivedAt).Select(r => ReadingResponse.From(r, correctedBy.GetValueOrDefault(r.Id)))],
            [.. alerts.Select(AlertResponse.From)],
            s.End is { } e ? new SessionEndResponse(e.At, e.By, e.EarlyDeparture, e.Reason, [.. e.Checks.Select(ReadinessCheckResponse.From)]) : null);
    }

    internal AuditTarget AuditTarget => new(nameof(TreatmentSession), Id.ToString(), SiteId, PatientId);
}

/// <summary>The pre-dose checklist as recorded.</summary>
/// <param name="RideConfirmed">The ride home is confirmed.</param>
/// <param name="RideDetails" example="Partner (Jordan) drives; confirmed by phone at check-in.">Who drives and how it was confirmed.</param>
/// <param name="FastingAcknowledged">No food 2 h and no liquids 30 min before dosing, acknowledged.</param>
/// <param name="Medications">Current medication classes of the REMS form.</param>
/// <param name="Pregnancy">Pregnancy status.</param>
/// <param name="Phq9Answers">PHQ-9 answers, when taken.</param>
/// <param name="SupervisingPrescriber" example="dr-lee">The prescriber onsite.</param>
/// <param name="PulseOximeterOnsite">A pulse oximeter is onsite.</param>
/// <param name="ReceivedAt" example="2026-12-03T14:56:10+00:00">When the server received the check-in.</param>
public sealed record CheckInResponse(
    bool RideConfirmed, string? RideDetails, bool FastingAcknowledged, IReadOnlyList<ConcomitantMedicationClass> Medications, PregnancyStatus Pregnancy,
    IReadOnlyList<int>? Phq9Answers, string? SupervisingPrescriber, bool PulseOximeterOnsite, DateTimeOffset ReceivedAt);

/// <summary>A clinician's override of a pre-dose check.</summary>
/// <param name="Check" example="PRE-DOSE-BP">The check.</param>
/// <param name="Reason" example="Rechecked after 10 minutes' rest; 142/88 is the patient's usual.">Why.</param>
/// <param name="By" example="dr-lee">Subject of the clinician.</param>
/// <param name="At" example="2026-12-03T15:02:00+00:00">When.</param>
public sealed record OverrideResponse(string Check, string Reason, string By, DateTimeOffset At);

/// <summary>The dose of a session.</summary>
/// <param name="DoseMg" example="56">Esketamine dose, or IV total mg.</param>
/// <param name="Devices">Esketamine devices with lot numbers and times.</param>
/// <param name="WeightKg" example="72.5">IV: weight.</param>
/// <param name="MgPerKg" example="0.5">IV: mg per kg.</param>
/// <param name="InfusionStartedAt" example="2026-12-03T15:05:00+00:00">IV: infusion start.</param>
/// <param name="InfusionEndedAt" example="2026-12-03T15:45:00+00:00">IV: infusion end.</param>
/// <param name="AdministeredBy" example="nurse-jordan">Who administered or supervised it.</param>
/// <param name="RecordedAt" example="2026-12-03T15:21:00+00:00">When the server received it.</param>
public sealed record DoseResponse(
    int DoseMg, IReadOnlyList<DeviceResponse> Devices, decimal? WeightKg, decimal? MgPerKg, DateTimeOffset? InfusionStartedAt, DateTimeOffset? InfusionEndedAt,
    string AdministeredBy, DateTimeOffset RecordedAt);

/// <summary>One esketamine device.</summary>
/// <param name="LotNumber" example="24JG123">Lot number.</param>
/// <param name="AdministeredAt" example="2026-12-03T15:10:00+00:00">When it was used (as charted).</param>
/// <param name="ReceivedAt" example="2026-12-03T15:21:00+00:00">When the server received it.</param>
public sealed record DeviceResponse(string LotNumber, DateTimeOffset AdministeredAt, DateTimeOffset ReceivedAt);

/// <summary>One reading.</summary>
/// <param name="Id" example="7c6b5a49-3827-4165-9504-f3e2d1c0b9a8">Reading id.</param>
/// <param name="MeasuredAt" example="2026-12-03T15:50:00+00:00">Device time.</param>
/// <param name="Systolic" example="138">Systolic, mmHg.</param>
/// <param name="Diastolic" example="86">Diastolic, mmHg.</param>
/// <param name="HeartRate" example="78">Heart rate per minute.</param>
/// <param name="SpO2" example="97">SpO2, percent.</param>
/// <param name="RespiratoryRate" example="14">Breaths per minute.</param>
/// <param name="Moaas" example="4">MOAA/S sedation, 0-5.</param>
/// <param name="Dissociation">Observed dissociation.</param>
/// <param name="CadssScore" example="6">CADSS total.</param>
/// <param name="Note" example="Mild dizziness, resolving.">The nurse's note.</param>
/// <param name="ReceivedAt" example="2026-12-03T15:51:02+00:00">When the server received it.</param>
/// <param name="RecordedBy" example="nurse-jordan">Who recorded it.</param>
/// <param name="CorrectsId" example="5b4a3928-1716-4504-93f2-e1d0c9b8a796">The reading this one corrects.</param>
/// <param name="CorrectionReason" example="Cuff was on the wrong arm size; repeated.">Why.</param>
/// <param name="CorrectedById" example="8d7c6b5a-4938-4276-a615-04f3e2d1c0b9">The later reading that corrects this one; it no longer counts.</param>
public sealed record ReadingResponse(
    Guid Id, DateTimeOffset MeasuredAt, int? Systolic, int? Diastolic, int? HeartRate, int? SpO2, int? RespiratoryRate, int? Moaas,
    DissociationLevel? Dissociation, int? CadssScore, string? Note, DateTimeOffset ReceivedAt, string RecordedBy, Guid? CorrectsId, string? CorrectionReason,
    Guid? CorrectedById)
{
    internal static ReadingResponse From(VitalsReading r, Guid correctedBy = default) => new(
        r.Id, r.MeasuredAt, r.Systolic, r.Diastolic, r.HeartRate, r.SpO2, r.RespiratoryRate, r.Moaas, r.Dissociation, r.CadssScore, r.Note, r.ReceivedAt,
        r.CreatedBy, r.CorrectsId, r.CorrectionReason, correctedBy == default ? null : correctedBy);
}

/// <summary>An alert.</summary>
/// <param name="Id" example="2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c9d">Alert id.</param>
/// <param name="ReadingId" example="7c6b5a49-3827-4165-9504-f3e2d1c0b9a8">The reading that raised it.</param>
/// <param name="Kind">What it is about.</param>
/// <param name="Message" example="Blood pressure 182/96 mmHg is at or above the alert limit of 180/110 mmHg.">The explanation.</param>
/// <param name="RaisedAt" example="2026-12-03T15:50:00+00:00">Measured-at of the reading.</param>
/// <param name="IsOpen">Open until a clinician resolves it.</param>
/// <param name="ResolvedAt" example="2026-12-03T16:05:00+00:00">When it was resolved.</param>
/// <param name="ResolvedBy" example="dr-lee">Who resolved it.</param>
/// <param name="ResolutionNote" example="Rechecked 152/88 after 15 minutes; no symptoms.">The clinician's note.</param>
public sealed record AlertResponse(
    Guid Id, Guid ReadingId, AlertKind Kind, string Message, DateTimeOffset RaisedAt, bool IsOpen, DateTimeOffset? ResolvedAt, string? ResolvedBy, string? ResolutionNote)
{
    internal static AlertResponse From(SessionAlert a) => new(a.Id, a.ReadingId, a.Kind, a.Message, a.RaisedAt, a.IsOpen, a.ResolvedAt, a.ResolvedBy, a.ResolutionNote);
}

/// <summary>How a session ended.</summary>
/// <param name="At" example="2026-12-03T17:15:00+00:00">When the patient left.</param>
/// <param name="By" example="nurse-jordan">Who discharged them or recorded the departure.</param>
/// <param name="EarlyDeparture">They left before being ready, against advice.</param>
/// <param name="Reason" example="Declined to stay; ride waiting.">Why they left early.</param>
/// <param name="Checks">The readiness checks at that moment.</param>
public sealed record SessionEndResponse(DateTimeOffset At, string By, bool EarlyDeparture, string? Reason, IReadOnlyList<ReadinessCheckResponse> Checks);

/// <summary>One discharge check.</summary>
/// <param name="Id" example="MONITORING-TIME">Check id.</param>
/// <param name="Passed">Whether it passes.</param>
/// <param name="Explanation" example="Only 95 of the required 120 minutes of monitoring have passed.">One sentence.</param>
/// <param name="Source" example="Spravato prescribing information and REMS: monitor at least 2 hours and until the patient is clinically stable">Where the rule comes from.</param>
public sealed record ReadinessCheckResponse(string Id, bool Passed, string Explanation, string Source)
{
    internal static ReadinessCheckResponse From(ReadinessCheck c) => new(c.Id, c.Passed, c.Explanation, c.Source);
}
