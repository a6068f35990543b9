using System.Globalization;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.TreatmentDay;

/// <summary>How a REMS form was submitted.</summary>
public enum RemsSubmissionMethod
{
    /// <summary>Entered on the REMS website (spravatorems.com).</summary>
    Online,

    /// <summary>Faxed to the REMS.</summary>
    Fax,
}

/// <summary>One field of the printed form: its label and value, or null when ClinicOps does not hold it.</summary>
/// <param name="Section">The form's section.</param>
/// <param name="Label">The field's label, as on the form.</param>
/// <param name="Value">The value, or null when missing.</param>
public sealed record FormField(string Section, string Label, string? Value)
{
    /// <summary>True when ClinicOps does not hold the value; the page names it.</summary>
    public bool Missing => Value is null;
}

/// <summary>
/// Lays out a monitoring record as the Spravato REMS Patient Monitoring Form's sections and fields (the outpatient
/// form, spravatorems.com; DOMAIN.md "Treatment day" step 6). Pure: the same record gives the same sheet.
/// </summary>
public static class RemsFormSheet
{
    /// <summary>Section titles in the form's order.</summary>
    public static readonly IReadOnlyList<string> Sections =
        ["Patient information", "Healthcare setting", "Concomitant medications", "Treatment", "Monitoring", "Adverse events"];

    /// <summary>Every field in form order.</summary>
    public static IReadOnlyList<FormField> Fields(RemsMonitoringForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        static string YesNo(bool value) => value ? "Yes" : "No";
        static string? Pressure(CheckpointPressure? p) =>
            p is null ? null : string.Create(CultureInfo.InvariantCulture, $"{p.Systolic}/{p.Diastolic} mmHg at {p.MeasuredAt:HH:mm} UTC");
        string Took(ConcomitantMedicationClass c) => YesNo(form.Medications.Contains(c));
        var dose = form.DoseMg is 56 or 84 ? $"{form.DoseMg} mg" : $"Other: {form.DoseMg} mg";

        return
        [
            new("Patient information", "Patient name", form.PatientName),
            new("Patient information", "Date of birth", form.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("Patient information", "Sex", form.Sex),
            new("Patient information", "First treatment session", YesNo(form.FirstTreatment)),
            new("Patient information", "Patient REMS enrollment", form.PatientEnrollmentReference),
            new("Healthcare setting", "Healthcare setting", form.Clinic),
            new("Healthcare setting", "Setting REMS certification", form.SiteCertificationReference),
            new("Healthcare setting", "Monitoring provider", form.MonitoringProvider),
            new("Concomitant medications", "Benzodiazepines", Took(ConcomitantMedicationClass.Benzodiazepine)),
            new("Concomitant medications", "Non-benzodiazepine sedative hypnotics", Took(ConcomitantMedicationClass.NonBenzodiazepineSedativeHypnotic)),
            new("Concomitant medications", "Psychostimulants", Took(ConcomitantMedicationClass.Psychostimulant)),
            new("Concomitant medications", "MAOIs", Took(ConcomitantMedicationClass.Maoi)),
            new("Concomitant medications", "Opioids", Took(ConcomitantMedicationClass.Opioid)),
            new("Treatment", "Treatment date", form.TreatmentDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("Treatment", "Dose", dose),
            new("Treatment", "Lot number(s)", form.LotNumbers.Count == 0 ? null : string.Join(", ", form.LotNumbers.Distinct())),
            new("Monitoring", "Total minutes from first device to end of monitoring", form.TotalMonitoringMinutes.ToString(CultureInfo.InvariantCulture)),
            new("Monitoring", "Minutes until ready to leave without the 2-hour rule", form.MinutesUntilReadyWithoutTwoHourRule?.ToString(CultureInfo.InvariantCulture)),
            new("Monitoring", "Vital signs acceptable before dosing", YesNo(form.VitalsAcceptableBeforeDosing)),
            new("Monitoring", "Vital signs acceptable before completion", YesNo(form.VitalsAcceptableBeforeCompletion)),
            new("Monitoring", "Blood pressure before dosing", Pressure(form.BeforeDosing)),
            new("Monitoring", "Blood pressure about 40 minutes after dosing", Pressure(form.AroundFortyMinutes)),
            new("Monitoring", "Blood pressure before completion of monitoring", Pressure(form.BeforeCompletion)),
            new("Adverse events", "Sedation", YesNo(form.Sedation)),
            new("Adverse events", "Dissociation", YesNo(form.Dissociation)),
            new("Adverse events", "Respiratory depression", YesNo(form.RespiratoryDepression)),
            new("Adverse events", "Serious adverse event", form.SeriousAdverseEvent ? $"Yes: {form.AdverseEventNote ?? "no note"}" : "No"),
            new("Adverse events", "Left before ready, against advice", form.LeftEarly ? $"Yes: {form.EarlyDepartureReason}" : "No"),
        ];
    }

    /// <summary>Whole days left until the deadline at the given instant (negative when overdue, 0 on the last day).</summary>
    public static int DaysLeft(DateTimeOffset dueBy, DateTimeOffset now) => (int)Math.Floor((dueBy - now).TotalDays);
}
