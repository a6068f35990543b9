namespace ClinicOps.Domain.TreatmentDay;

/// <summary>How dissociated the patient is, as the nurse observes it.</summary>
public enum DissociationLevel
{
    /// <summary>No dissociation.</summary>
    None,

    /// <summary>Mild.</summary>
    Mild,

    /// <summary>Moderate.</summary>
    Moderate,

    /// <summary>Severe.</summary>
    Severe,
}

/// <summary>
/// One set of observations, as measured. Every measurement is optional (a nurse may record only a blood pressure),
/// but a reading holds at least one.
/// </summary>
/// <param name="MeasuredAt">Device time of the measurement (UTC).</param>
/// <param name="Systolic">Systolic blood pressure, mmHg.</param>
/// <param name="Diastolic">Diastolic blood pressure, mmHg.</param>
/// <param name="HeartRate">Heart rate, beats per minute.</param>
/// <param name="SpO2">Oxygen saturation by pulse oximetry, percent.</param>
/// <param name="RespiratoryRate">Breaths per minute.</param>
/// <param name="Moaas">Sedation on the Modified Observer's Assessment of Alertness/Sedation: 5 responds readily to name ... 0 no response to painful stimulus.</param>
/// <param name="Dissociation">Observed dissociation.</param>
/// <param name="CadssScore">Clinician-Administered Dissociative States Scale total (0-92), when used.</param>
public sealed record VitalSigns(
    DateTimeOffset MeasuredAt,
    int? Systolic = null,
    int? Diastolic = null,
    int? HeartRate = null,
    int? SpO2 = null,
    int? RespiratoryRate = null,
    int? Moaas = null,
    DissociationLevel? Dissociation = null,
    int? CadssScore = null)
{
    /// <summary>True when the reading holds a blood pressure.</summary>
    public bool HasBloodPressure => Systolic is not null && Diastolic is not null;

    /// <summary>True when dissociation is recorded and resolved (none, or a CADSS of 0).</summary>
    public bool DissociationResolved => Dissociation == DissociationLevel.None || (Dissociation is null && CadssScore == 0);
}

/// <summary>Plausible ranges: anything outside is a typing or device error, refused with the field named.</summary>
public static class VitalsPlausibility
{
    /// <summary>The fields of <paramref name="vitals"/> that are implausible, each with why; empty when plausible.</summary>
    public static IReadOnlyList<(string Field, string Message)> Problems(VitalSigns vitals)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        var problems = new List<(string, string)>();
        void Range(string field, int? value, int min, int max, string unit)
        {
            if (value is { } v && (v < min || v > max))
            {
                problems.Add((field, $"'{field}' must be between {min} and {max}{unit}; got {v}."));
            }
        }

        Range("systolic", vitals.Systolic, 50, 300, " mmHg");
        Range("diastolic", vitals.Diastolic, 20, 200, " mmHg");
        Range("heartRate", vitals.HeartRate, 20, 250, " beats per minute");
        Range("spO2", vitals.SpO2, 50, 100, "%");
        Range("respiratoryRate", vitals.RespiratoryRate, 4, 60, " breaths per minute");
        Range("moaas", vitals.Moaas, 0, 5, string.Empty);
        Range("cadssScore", vitals.CadssScore, 0, 92, string.Empty);
        if (vitals.Systolic is null != vitals.Diastolic is null)
        {
            problems.Add((vitals.Systolic is null ? "systolic" : "diastolic", "A blood pressure needs both systolic and diastolic."));
        }
        else if (vitals is { Systolic: { } s, Diastolic: { } d } && d >= s && problems.Count == 0)
        {
            problems.Add(("diastolic", $"'diastolic' must be below systolic; got {d}/{s}."));
        }

        if (vitals is { Systolic: null, Diastolic: null, HeartRate: null, SpO2: null, RespiratoryRate: null, Moaas: null, Dissociation: null, CadssScore: null })
        {
            problems.Add(("reading", "A reading must hold at least one measurement."));
        }

        return problems;
    }
}
