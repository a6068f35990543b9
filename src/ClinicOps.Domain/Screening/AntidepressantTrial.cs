namespace ClinicOps.Domain.Screening;

/// <summary>One antidepressant tried in the current depressive episode.</summary>
/// <param name="DrugName">Generic drug name; kept for the clinician, never shown in rule explanations.</param>
/// <param name="DrugClass">Pharmacological class.</param>
/// <param name="AdequateDose">True when the dose reached an adequate (label or guideline) dose.</param>
/// <param name="DurationWeeks">Weeks taken at that dose.</param>
/// <param name="TakenAsPrescribed">True when the patient took it as prescribed.</param>
/// <param name="ImprovementPercent">Improvement of symptoms, 0-100; 0 means no improvement.</param>
public sealed record AntidepressantTrial(
    string DrugName,
    AntidepressantClass DrugClass,
    bool AdequateDose,
    int DurationWeeks,
    bool TakenAsPrescribed,
    int ImprovementPercent);
