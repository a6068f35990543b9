using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.TreatmentDay;

/// <summary>Ids of the pre-dose checks.</summary>
public static class DosingChecks
{
    /// <summary>The ride home is confirmed (overridable by a clinician).</summary>
    public const string Ride = "RIDE";

    /// <summary>A blood pressure was taken before dosing (REMS; no override).</summary>
    public const string PreDoseBloodPressureTaken = "PRE-DOSE-BP-TAKEN";

    /// <summary>The pre-dose blood pressure is within the clinic limit (overridable).</summary>
    public const string PreDoseBloodPressure = "PRE-DOSE-BP";

    /// <summary>The patient's current screening still clears them (overridable).</summary>
    public const string ScreeningCleared = "SCREENING-CLEARED";

    /// <summary>Esketamine: the patient's REMS enrollment and the site's certification (no override).</summary>
    public const string Rems = "REMS";

    /// <summary>A prescriber is onsite during administration and monitoring (REMS; no override).</summary>
    public const string PrescriberOnsite = "PRESCRIBER-ONSITE";

    /// <summary>A pulse oximeter is onsite (REMS; no override).</summary>
    public const string PulseOximeter = "PULSE-OXIMETER";
}

/// <summary>A pre-dose check that fails, and whether a clinician may override it.</summary>
/// <param name="Check">The check id.</param>
/// <param name="Overridable">A clinician may record an override with a reason.</param>
/// <param name="Reason">One sentence.</param>
public sealed record GateFinding(string Check, bool Overridable, string Reason);

/// <summary>What the pre-dose checks read.</summary>
/// <param name="Treatment">The treatment.</param>
/// <param name="RideConfirmed">The ride home is confirmed.</param>
/// <param name="PreDoseBloodPressure">The latest blood pressure before dosing, if any.</param>
/// <param name="Thresholds">The clinic's screening thresholds (the pre-treatment limit, 140/90 by default).</param>
/// <param name="ScreeningCleared">The patient's current screening clears them.</param>
/// <param name="PatientEnrolledInRems">The patient's REMS enrollment is on record.</param>
/// <param name="SiteRemsCertified">The site's REMS certification is on record.</param>
/// <param name="SupervisingPrescriber">The prescriber onsite, as recorded at check-in.</param>
/// <param name="PulseOximeterOnsite">A pulse oximeter is onsite, as recorded at check-in.</param>
public sealed record DosingGateInput(
    IntendedTreatment Treatment,
    bool RideConfirmed,
    BloodPressure? PreDoseBloodPressure,
    ScreeningThresholds Thresholds,
    bool ScreeningCleared,
    bool PatientEnrolledInRems,
    bool SiteRemsCertified,
    string? SupervisingPrescriber,
    bool PulseOximeterOnsite);

/// <summary>
/// The checks before any dose. Some may be overridden by a clinician with a reason (ride, blood pressure, screening);
/// the REMS conditions may not (enrollment, certification, a prescriber and a pulse oximeter onsite, a blood pressure
/// taken before dosing).
/// </summary>
public static class DosingGate
{
    /// <summary>Every failing check; dosing may go ahead when each is overridable and overridden.</summary>
    public static IReadOnlyList<GateFinding> Evaluate(DosingGateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var findings = new List<GateFinding>();
        if (!input.RideConfirmed)
        {
            findings.Add(new(DosingChecks.Ride, true, "No ride home is confirmed; the patient may not drive until the next day after a restful sleep."));
        }

        if (input.PreDoseBloodPressure is not { } bp)
        {
            findings.Add(new(DosingChecks.PreDoseBloodPressureTaken, false, "No blood pressure was taken before dosing (REMS Patient Monitoring Form)."));
        }
        else if (bp.Systolic > input.Thresholds.SystolicDeferAbove || bp.Diastolic > input.Thresholds.DiastolicDeferAbove)
        {
            findings.Add(new(DosingChecks.PreDoseBloodPressure, true,
                $"The pre-dose blood pressure {bp} mmHg is above the clinic limit of {input.Thresholds.SystolicDeferAbove}/{input.Thresholds.DiastolicDeferAbove} mmHg."));
        }

        if (!input.ScreeningCleared)
        {
            findings.Add(new(DosingChecks.ScreeningCleared, true, "The patient's current screening no longer clears them for treatment."));
        }

        if (input.Treatment == IntendedTreatment.Esketamine && (!input.PatientEnrolledInRems || !input.SiteRemsCertified))
        {
            var missing = new[] { input.PatientEnrolledInRems ? null : "the patient's REMS enrollment", input.SiteRemsCertified ? null : "the site's REMS certification" }
                .OfType<string>();
            findings.Add(new(DosingChecks.Rems, false, $"Esketamine needs {string.Join(" and ", missing)} on record."));
        }

        if (string.IsNullOrWhiteSpace(input.SupervisingPrescriber))
        {
            findings.Add(new(DosingChecks.PrescriberOnsite, false, "No supervising prescriber is recorded onsite for administration and monitoring (REMS)."));
        }

        if (!input.PulseOximeterOnsite)
        {
            findings.Add(new(DosingChecks.PulseOximeter, false, "No pulse oximeter is recorded onsite (REMS)."));
        }

        return findings;
    }

    /// <summary>The findings still blocking after the clinician overrides that apply (only overridable ones can be).</summary>
    public static IReadOnlyList<GateFinding> Blocking(IReadOnlyList<GateFinding> findings, IEnumerable<string> overriddenChecks)
    {
        var overridden = overriddenChecks.ToHashSet(StringComparer.Ordinal);
        return [.. findings.Where(f => !f.Overridable || !overridden.Contains(f.Check))];
    }
}
