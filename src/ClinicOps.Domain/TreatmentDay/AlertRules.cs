namespace ClinicOps.Domain.TreatmentDay;

/// <summary>
/// Values that raise an alert during observation. Defaults follow common ketamine-clinic practice; each site may
/// configure its own. An alert stays open until a clinician resolves it with a note.
/// </summary>
public sealed record AlertThresholds
{
    /// <summary>The defaults.</summary>
    public static AlertThresholds Default { get; } = new();

    /// <summary>Alert when systolic is at or above this (default 180 mmHg).</summary>
    public int SystolicAtOrAbove { get; init; } = 180;

    /// <summary>Alert when diastolic is at or above this (default 110 mmHg).</summary>
    public int DiastolicAtOrAbove { get; init; } = 110;

    /// <summary>Alert when SpO2 is below this (default 90%).</summary>
    public int SpO2Below { get; init; } = 90;

    /// <summary>Alert when the respiratory rate is below this (default 8 per minute).</summary>
    public int RespiratoryRateBelow { get; init; } = 8;

    /// <summary>Alert when the heart rate is below this (default 40 per minute).</summary>
    public int HeartRateBelow { get; init; } = 40;

    /// <summary>Alert when the heart rate is above this (default 130 per minute).</summary>
    public int HeartRateAbove { get; init; } = 130;

    /// <summary>Alert when MOAA/S is at or below this (default 2: responds only to shaking or pain).</summary>
    public int MoaasAtOrBelow { get; init; } = 2;
}

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>Blood pressure at or above the threshold.</summary>
    HighBloodPressure,

    /// <summary>Oxygen saturation below the threshold.</summary>
    LowOxygenSaturation,

    /// <summary>Respiratory rate below the threshold (respiratory depression).</summary>
    LowRespiratoryRate,

    /// <summary>Heart rate below the threshold.</summary>
    LowHeartRate,

    /// <summary>Heart rate above the threshold.</summary>
    HighHeartRate,

    /// <summary>Deep sedation (MOAA/S at or below the threshold).</summary>
    DeepSedation,
}

/// <summary>An alert raised by a reading, explained.</summary>
/// <param name="Kind">What it is about.</param>
/// <param name="Message">One sentence for the nurse and clinician.</param>
public sealed record RaisedAlert(AlertKind Kind, string Message);

/// <summary>Checks one reading against the alert thresholds.</summary>
public static class AlertRules
{
    /// <summary>Every alert the reading raises, in a stable order.</summary>
    public static IReadOnlyList<RaisedAlert> Evaluate(VitalSigns vitals, AlertThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(vitals);
        ArgumentNullException.ThrowIfNull(thresholds);
        var alerts = new List<RaisedAlert>();
        if (vitals is { Systolic: { } s, Diastolic: { } d } && (s >= thresholds.SystolicAtOrAbove || d >= thresholds.DiastolicAtOrAbove))
        {
            alerts.Add(new(AlertKind.HighBloodPressure, $"Blood pressure {s}/{d} mmHg is at or above the alert limit of {thresholds.SystolicAtOrAbove}/{thresholds.DiastolicAtOrAbove} mmHg."));
        }

        if (vitals.SpO2 is { } spo2 && spo2 < thresholds.SpO2Below)
        {
            alerts.Add(new(AlertKind.LowOxygenSaturation, $"SpO2 {spo2}% is below {thresholds.SpO2Below}%."));
        }

        if (vitals.RespiratoryRate is { } rr && rr < thresholds.RespiratoryRateBelow)
        {
            alerts.Add(new(AlertKind.LowRespiratoryRate, $"Respiratory rate {rr} per minute is below {thresholds.RespiratoryRateBelow}."));
        }

        if (vitals.HeartRate is { } low && low < thresholds.HeartRateBelow)
        {
            alerts.Add(new(AlertKind.LowHeartRate, $"Heart rate {low} per minute is below {thresholds.HeartRateBelow}."));
        }

        if (vitals.HeartRate is { } high && high > thresholds.HeartRateAbove)
        {
            alerts.Add(new(AlertKind.HighHeartRate, $"Heart rate {high} per minute is above {thresholds.HeartRateAbove}."));
        }

        if (vitals.Moaas is { } moaas && moaas <= thresholds.MoaasAtOrBelow)
        {
            alerts.Add(new(AlertKind.DeepSedation, $"MOAA/S {moaas} is at or below {thresholds.MoaasAtOrBelow}: deep sedation."));
        }

        return alerts;
    }
}
