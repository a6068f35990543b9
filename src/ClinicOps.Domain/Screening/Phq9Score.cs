namespace ClinicOps.Domain.Screening;

/// <summary>A scored PHQ-9 questionnaire.</summary>
/// <param name="Total">Sum of the nine items, 0-27.</param>
/// <param name="Severity">Severity band of <paramref name="Total"/>.</param>
/// <param name="Item9Positive">True when item 9 (thoughts of self-harm) was answered above 0.</param>
public sealed record Phq9Score(int Total, Phq9Severity Severity, bool Item9Positive);
