using ClinicOps.Domain.Common;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.TreatmentDay;

/// <summary>A blood pressure taken at a checkpoint, for the form.</summary>
/// <param name="MeasuredAt">When.</param>
/// <param name="Systolic">Systolic, mmHg.</param>
/// <param name="Diastolic">Diastolic, mmHg.</param>
public sealed record CheckpointPressure(DateTimeOffset MeasuredAt, int Systolic, int Diastolic);

/// <summary>
/// The fields of the Spravato REMS Patient Monitoring Form that ClinicOps holds, as they were when the session ended.
/// </summary>
/// <param name="PatientName">Patient's name.</param>
/// <param name="DateOfBirth">Date of birth.</param>
/// <param name="Sex">Sex.</param>
/// <param name="FirstTreatment">The patient's first treatment session.</param>
/// <param name="PatientEnrollmentReference">The patient's REMS enrollment reference.</param>
/// <param name="SiteCertificationReference">The outpatient setting's REMS certification reference.</param>
/// <param name="Medications">Concomitant medication classes at check-in.</param>
/// <param name="MonitoringProvider">The prescriber onsite.</param>
/// <param name="Clinic">The site's name.</param>
/// <param name="TreatmentDate">Local date of the session.</param>
/// <param name="DoseMg">Dose in mg.</param>
/// <param name="LotNumbers">Device lot numbers.</param>
/// <param name="TotalMonitoringMinutes">Minutes from the first device to the end of monitoring.</param>
/// <param name="MinutesUntilReadyWithoutTwoHourRule">Minutes until the patient would have been ready without the 2-hour rule.</param>
/// <param name="VitalsAcceptableBeforeDosing">The pre-dose blood pressure was within the clinic limit (or a clinician overrode it).</param>
/// <param name="VitalsAcceptableBeforeCompletion">Blood pressure and SpO2 were acceptable when monitoring ended.</param>
/// <param name="BeforeDosing">Blood pressure before dosing.</param>
/// <param name="AroundFortyMinutes">Blood pressure about 40 minutes after dosing.</param>
/// <param name="BeforeCompletion">Blood pressure before completion.</param>
/// <param name="Sedation">Sedation was observed (MOAA/S below 5 at any reading).</param>
/// <param name="Dissociation">Dissociation was observed.</param>
/// <param name="RespiratoryDepression">Respiratory depression was observed (SpO2 or respiratory rate below the alert limits).</param>
/// <param name="SeriousAdverseEvent">A serious adverse event was reported at discharge.</param>
/// <param name="AdverseEventNote">The note on it.</param>
/// <param name="LeftEarly">The patient left before being ready, against advice.</param>
/// <param name="EarlyDepartureReason">Why.</param>
public sealed record RemsMonitoringForm(
    string PatientName,
    DateOnly DateOfBirth,
    string Sex,
    bool FirstTreatment,
    string? PatientEnrollmentReference,
    string? SiteCertificationReference,
    IReadOnlyList<ConcomitantMedicationClass> Medications,
    string? MonitoringProvider,
    string Clinic,
    DateOnly TreatmentDate,
    int DoseMg,
    IReadOnlyList<string> LotNumbers,
    int TotalMonitoringMinutes,
    int? MinutesUntilReadyWithoutTwoHourRule,
    bool VitalsAcceptableBeforeDosing,
    bool VitalsAcceptableBeforeCompletion,
    CheckpointPressure? BeforeDosing,
    CheckpointPressure? AroundFortyMinutes,
    CheckpointPressure? BeforeCompletion,
    bool Sedation,
    bool Dissociation,
    bool RespiratoryDepression,
    bool SeriousAdverseEvent,
    string? AdverseEventNote,
    bool LeftEarly,
    string? EarlyDepartureReason);

/// <summary>
/// The REMS monitoring record of a session, produced when it ends and due within 7 days (outpatient settings).
/// Staff mark it submitted, with who and when; unsubmitted records past their deadline are overdue.
/// </summary>
public sealed class RemsMonitoringRecord : AuditableEntity, ISiteScoped, IPatientScoped
{
    /// <summary>Days after the session within which the form is due.</summary>
    public const int DueWithinDays = 7;

    private RemsMonitoringRecord()
    {
        Form = null!;
    }

    /// <summary>Produces the record of an ended session.</summary>
    public RemsMonitoringRecord(TreatmentSession session, RemsMonitoringForm form, DateTimeOffset dueBy)
        : this()
    {
        ArgumentNullException.ThrowIfNull(session);
        SessionId = session.Id;
        PatientId = session.PatientId;
        SiteId = session.SiteId;
        Treatment = session.Treatment;
        Form = form;
        DueBy = dueBy;
    }

    /// <summary>The session.</summary>
    public Guid SessionId { get; private set; }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Esketamine records go to the REMS; IV ketamine records are the clinic's own copy of the safeguard.</summary>
    public IntendedTreatment Treatment { get; private set; }

    /// <summary>The form's fields.</summary>
    public RemsMonitoringForm Form { get; private set; }

    /// <summary>The submission deadline (end of the 7th day after the session, at the site).</summary>
    public DateTimeOffset DueBy { get; private set; }

    /// <summary>When staff marked it submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>Who marked it submitted.</summary>
    public string? SubmittedBy { get; private set; }

    /// <summary>The REMS confirmation reference, if any.</summary>
    public string? SubmissionReference { get; private set; }

    /// <summary>How it was submitted (online or fax), when staff said so.</summary>
    public RemsSubmissionMethod? SubmissionMethod { get; private set; }

    /// <summary>True when not submitted by its deadline.</summary>
    public bool IsOverdue(DateTimeOffset now) => SubmittedAt is null && now > DueBy;

    /// <summary>Marks it submitted; false when it already was.</summary>
    public bool MarkSubmitted(string by, DateTimeOffset at, string? reference, RemsSubmissionMethod? method = null)
    {
        if (SubmittedAt is not null)
        {
            return false;
        }

        (SubmittedAt, SubmittedBy, SubmissionReference, SubmissionMethod) = (at, by, reference, method);
        return true;
    }
}
