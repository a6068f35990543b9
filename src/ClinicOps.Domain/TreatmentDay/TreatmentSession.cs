using ClinicOps.Domain.Common;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.TreatmentDay;

/// <summary>Where a treatment session stands.</summary>
public enum SessionStatus
{
    /// <summary>Checked in; no dose yet.</summary>
    CheckedIn,

    /// <summary>Dosed; the patient is being monitored.</summary>
    Monitoring,

    /// <summary>Discharged when ready; the session is locked.</summary>
    Discharged,

    /// <summary>The patient left before being ready (against advice); the session is locked and flagged for REMS.</summary>
    LeftEarly,
}

/// <summary>Pregnancy status at check-in.</summary>
public enum PregnancyStatus
{
    /// <summary>Not applicable to this patient.</summary>
    NotApplicable,

    /// <summary>Not pregnant.</summary>
    NotPregnant,

    /// <summary>Pregnant.</summary>
    Pregnant,

    /// <summary>Unknown.</summary>
    Unknown,
}

/// <summary>The pre-dose checklist recorded at check-in.</summary>
/// <param name="RideConfirmed">The ride home is confirmed.</param>
/// <param name="RideDetails">Who drives and how it was confirmed.</param>
/// <param name="FastingAcknowledged">No food for 2 hours and no liquids for 30 minutes, acknowledged.</param>
/// <param name="Medications">Current medications of the REMS classes.</param>
/// <param name="Pregnancy">Pregnancy status.</param>
/// <param name="Phq9Answers">PHQ-9 for outcome tracking, nine answers 0-3, when taken.</param>
/// <param name="SupervisingPrescriber">The prescriber onsite during administration and monitoring.</param>
/// <param name="PulseOximeterOnsite">A pulse oximeter is onsite.</param>
public sealed record CheckInChecklist(
    bool RideConfirmed,
    string? RideDetails,
    bool FastingAcknowledged,
    IReadOnlyList<ConcomitantMedicationClass> Medications,
    PregnancyStatus Pregnancy,
    IReadOnlyList<int>? Phq9Answers,
    string? SupervisingPrescriber,
    bool PulseOximeterOnsite);

/// <summary>A clinician's override of an overridable pre-dose check.</summary>
/// <param name="Check">The check id.</param>
/// <param name="Reason">Why.</param>
/// <param name="By">Subject of the clinician.</param>
/// <param name="At">When (UTC).</param>
public sealed record DosingOverride(string Check, string Reason, string By, DateTimeOffset At);

/// <summary>One esketamine device given.</summary>
/// <param name="LotNumber">Device lot number (REMS form).</param>
/// <param name="AdministeredAt">When the patient used it (client time).</param>
/// <param name="ReceivedAt">When the server received it.</param>
public sealed record DeviceUse(string LotNumber, DateTimeOffset AdministeredAt, DateTimeOffset ReceivedAt);

/// <summary>The dose of a session.</summary>
/// <param name="DoseMg">Esketamine: 56, 84 (or another multiple of 28); IV: total mg.</param>
/// <param name="Devices">Esketamine devices, in order.</param>
/// <param name="WeightKg">IV: the patient's weight.</param>
/// <param name="MgPerKg">IV: the dose per kg.</param>
/// <param name="InfusionStartedAt">IV: infusion start (client time).</param>
/// <param name="InfusionEndedAt">IV: infusion end (client time), once ended.</param>
/// <param name="AdministeredBy">Subject of who administered or supervised it.</param>
/// <param name="RecordedAt">When the server received it.</param>
public sealed record SessionDose(
    int DoseMg,
    IReadOnlyList<DeviceUse> Devices,
    decimal? WeightKg,
    decimal? MgPerKg,
    DateTimeOffset? InfusionStartedAt,
    DateTimeOffset? InfusionEndedAt,
    string AdministeredBy,
    DateTimeOffset RecordedAt);

/// <summary>How the session ended.</summary>
/// <param name="At">When the patient left (client time).</param>
/// <param name="By">Subject of the nurse or clinician.</param>
/// <param name="EarlyDeparture">The patient left before being ready, against advice.</param>
/// <param name="Reason">Why they left early, or null.</param>
/// <param name="Checks">The readiness checks at that moment.</param>
public sealed record SessionEnd(DateTimeOffset At, string By, bool EarlyDeparture, string? Reason, IReadOnlyList<ReadinessCheck> Checks);

/// <summary>Why the session refused a change.</summary>
public enum SessionRefusal
{
    /// <summary>The session is locked (discharged or left early).</summary>
    Locked,

    /// <summary>The session has a dose already.</summary>
    AlreadyDosed,

    /// <summary>No dose has been given yet.</summary>
    NotDosed,

    /// <summary>The event times are out of order.</summary>
    OutOfOrder,

    /// <summary>An IV infusion has not ended yet (or has ended already).</summary>
    InfusionState,
}

/// <summary>
/// One treatment day of a patient, for a booked dosing appointment: check-in, dose, monitoring and discharge. Event
/// times come from the client (nurses chart after the fact) and must be in order; the server keeps its own received-at
/// times. Once discharged (or left early) the session is locked; readings are never edited, only corrected by addenda.
/// </summary>
public sealed class TreatmentSession : AuditableEntity, ISiteScoped, IPatientScoped
{
    private TreatmentSession()
    {
        CheckIn = null!;
        Overrides = [];
        Flags = [];
        CheckpointPlan = null!;
    }

    /// <summary>Checks a patient in for a booked dosing session.</summary>
    public TreatmentSession(
        Appointment appointment, TreatmentProtocol protocol, CheckInChecklist checkIn, DateTimeOffset checkedInAt, DateTimeOffset receivedAt)
        : this()
    {
        ArgumentNullException.ThrowIfNull(appointment);
        ArgumentNullException.ThrowIfNull(protocol);
        if (appointment.Kind != AppointmentKind.Dosing || appointment.CourseId is null)
        {
            throw new ArgumentException("A treatment session belongs to a dosing appointment of a course.", nameof(appointment));
        }

        AppointmentId = appointment.Id;
        CourseId = appointment.CourseId.Value;
        PatientId = appointment.PatientId;
        SiteId = appointment.SiteId;
        ProtocolId = protocol.Id;
        Treatment = protocol.Treatment;
        Phase = appointment.Phase!.Value;
        SessionNumber = appointment.SessionNumber!.Value;
        MonitoringMinutes = protocol.MonitoringMinutes;
        CheckpointPlan = protocol.Treatment == IntendedTreatment.Esketamine ? CheckpointPlan.Esketamine : CheckpointPlan.IvKetamine;
        CheckIn = checkIn;
        CheckedInAt = checkedInAt;
        CheckInReceivedAt = receivedAt;
        Status = SessionStatus.CheckedIn;
        Phq9Total = checkIn.Phq9Answers is { } answers ? Phq9.Score(answers).Total : null;
    }

    /// <summary>The booked dosing appointment.</summary>
    public Guid AppointmentId { get; private set; }

    /// <summary>The course.</summary>
    public Guid CourseId { get; private set; }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>The protocol.</summary>
    public Guid ProtocolId { get; private set; }

    /// <summary>The treatment given.</summary>
    public IntendedTreatment Treatment { get; private set; }

    /// <summary>Induction or Maintenance.</summary>
    public CoursePhase Phase { get; private set; }

    /// <summary>Number within the phase.</summary>
    public int SessionNumber { get; private set; }

    /// <summary>Minimum monitoring in minutes, from the protocol (esketamine REMS: 120).</summary>
    public int MonitoringMinutes { get; private set; }

    /// <summary>The checkpoints the protocol requires.</summary>
    public CheckpointPlan CheckpointPlan { get; private set; }

    /// <summary>Where it stands.</summary>
    public SessionStatus Status { get; private set; }

    /// <summary>The pre-dose checklist.</summary>
    public CheckInChecklist CheckIn { get; private set; }

    /// <summary>Check-in time (client).</summary>
    public DateTimeOffset CheckedInAt { get; private set; }

    /// <summary>When the server received the check-in.</summary>
    public DateTimeOffset CheckInReceivedAt { get; private set; }

    /// <summary>PHQ-9 total at check-in, for outcome tracking.</summary>
    public int? Phq9Total { get; private set; }

    /// <summary>Clinician overrides of pre-dose checks.</summary>
    public IReadOnlyList<DosingOverride> Overrides { get; private set; }

    /// <summary>The dose, once given.</summary>
    public SessionDose? Dose { get; private set; }

    /// <summary>Things recorded but worth a look, e.g. devices used less than 5 minutes apart.</summary>
    public IReadOnlyList<string> Flags { get; private set; }

    /// <summary>How it ended, once it has.</summary>
    public SessionEnd? End { get; private set; }

    /// <summary>True once discharged or left early: nothing may change.</summary>
    public bool IsLocked => Status is SessionStatus.Discharged or SessionStatus.LeftEarly;

    /// <summary>
    /// When the monitoring clock started: the first esketamine device (REMS counts from it), or the end of the IV
    /// infusion; null before.
    /// </summary>
    public DateTimeOffset? ClockStartedAt => Dose switch
    {
        { Devices.Count: > 0 } d => d.Devices[0].AdministeredAt,
        { InfusionEndedAt: { } end } => end,
        _ => null,
    };

    /// <summary>When dosing began: the first device, or the infusion start.</summary>
    public DateTimeOffset? DosingStartedAt => Dose is { Devices.Count: > 0 } d ? d.Devices[0].AdministeredAt : Dose?.InfusionStartedAt;

    /// <summary>The timeline the checkpoints and readiness need, once the clock has started.</summary>
    public DoseTimeline? Timeline => ClockStartedAt is { } clock
        ? new DoseTimeline(DosingStartedAt!.Value, clock, Dose?.InfusionEndedAt, MonitoringMinutes)
        : null;

    /// <summary>Records a clinician's override of an overridable check.</summary>
    public SessionRefusal? Override(string check, string reason, string by, DateTimeOffset at)
    {
        if (IsLocked)
        {
            return SessionRefusal.Locked;
        }

        if (Dose is not null)
        {
            return SessionRefusal.AlreadyDosed;
        }

        Overrides = [.. Overrides.Where(o => o.Check != check), new DosingOverride(check, reason, by, at)];
        return null;
    }

    /// <summary>Records esketamine devices (one dose); devices less than 5 minutes apart are flagged, not refused.</summary>
    public SessionRefusal? GiveEsketamine(int doseMg, IReadOnlyList<(string LotNumber, DateTimeOffset At)> devices, string by, DateTimeOffset receivedAt)
    {
        if (IsLocked)
        {
            return SessionRefusal.Locked;
        }

        if (Dose is not null)
        {
            return SessionRefusal.AlreadyDosed;
        }

        if (devices.Count == 0 || devices[0].At < CheckedInAt || devices.Zip(devices.Skip(1)).Any(p => p.Second.At < p.First.At))
        {
            return SessionRefusal.OutOfOrder;
        }

        var flags = devices.Zip(devices.Skip(1), (a, b) => (Gap: b.At - a.At, a, b)).Select((p, i) => (p.Gap, i))
            .Where(p => p.Gap < TimeSpan.FromMinutes(5))
            .Select(p => $"Devices {p.i + 1} and {p.i + 2} were used {p.Gap.TotalMinutes:0.#} minutes apart; the label says to wait 5 minutes between devices.");
        Dose = new SessionDose(doseMg, [.. devices.Select(d => new DeviceUse(d.LotNumber, d.At, receivedAt))], null, null, null, null, by, receivedAt);
        Flags = [.. Flags, .. flags];
        Status = SessionStatus.Monitoring;
        return null;
    }

    /// <summary>Starts an IV infusion (weight-based dose); the monitoring clock starts when it ends.</summary>
    public SessionRefusal? StartInfusion(decimal weightKg, decimal mgPerKg, DateTimeOffset startedAt, string by, DateTimeOffset receivedAt)
    {
        if (IsLocked)
        {
            return SessionRefusal.Locked;
        }

        if (Dose is not null)
        {
            return SessionRefusal.AlreadyDosed;
        }

        if (startedAt < CheckedInAt)
        {
            return SessionRefusal.OutOfOrder;
        }

        Dose = new SessionDose((int)Math.Round(weightKg * mgPerKg, MidpointRounding.AwayFromZero), [], weightKg, mgPerKg, startedAt, null, by, receivedAt);
        Status = SessionStatus.Monitoring;
        return null;
    }

    /// <summary>Ends the IV infusion.</summary>
    public SessionRefusal? EndInfusion(DateTimeOffset endedAt)
    {
        if (IsLocked)
        {
            return SessionRefusal.Locked;
        }

        if (Dose is not { InfusionStartedAt: { } started } dose || dose.InfusionEndedAt is not null)
        {
            return Dose is null ? SessionRefusal.NotDosed : SessionRefusal.InfusionState;
        }

        if (endedAt <= started)
        {
            return SessionRefusal.OutOfOrder;
        }

        Dose = dose with { InfusionEndedAt = endedAt };
        return null;
    }

    /// <summary>Discharges the patient when every readiness check passes (the caller evaluates and passes them).</summary>
    public SessionRefusal? Discharge(IReadOnlyList<ReadinessCheck> checks, DateTimeOffset at, string by)
    {
        if (IsLocked)
        {
            return SessionRefusal.Locked;
        }

        if (ClockStartedAt is null)
        {
            return SessionRefusal.NotDosed;
        }

        if (!DischargeReadiness.IsReady(checks))
        {
            throw new InvalidOperationException("Discharge needs every readiness check to pass; the caller must refuse first.");
        }

        End = new SessionEnd(at, by, false, null, checks);
        Status = SessionStatus.Discharged;
        return null;
    }

    /// <summary>Records that the patient left before being ready, against advice; flagged for REMS.</summary>
    public SessionRefusal? LeaveEarly(IReadOnlyList<ReadinessCheck> checks, DateTimeOffset at, string reason, string by)
    {
        if (IsLocked)
        {
            return SessionRefusal.Locked;
        }

        if (at < CheckedInAt)
        {
            return SessionRefusal.OutOfOrder;
        }

        End = new SessionEnd(at, by, true, reason, checks);
        Status = SessionStatus.LeftEarly;
        Flags = [.. Flags, "The patient left before being ready for discharge, against advice (report on the REMS form)."];
        return null;
    }
}
