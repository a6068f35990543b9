namespace ClinicOps.Domain.Screening;

/// <summary>The working diagnosis recorded at intake.</summary>
public enum DepressionDiagnosis
{
    /// <summary>Major depressive disorder (unipolar).</summary>
    MajorDepressiveDisorder,

    /// <summary>Depressive episode of bipolar disorder.</summary>
    BipolarDepression,

    /// <summary>Any other diagnosis; a clinician decides whether treatment fits.</summary>
    Other,
}
