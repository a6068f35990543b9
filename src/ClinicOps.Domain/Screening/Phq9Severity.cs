namespace ClinicOps.Domain.Screening;

/// <summary>PHQ-9 severity band of a total score (0-27).</summary>
public enum Phq9Severity
{
    /// <summary>Total 0-4.</summary>
    Minimal,

    /// <summary>Total 5-9.</summary>
    Mild,

    /// <summary>Total 10-14.</summary>
    Moderate,

    /// <summary>Total 15-19.</summary>
    ModeratelySevere,

    /// <summary>Total 20-27.</summary>
    Severe,
}
