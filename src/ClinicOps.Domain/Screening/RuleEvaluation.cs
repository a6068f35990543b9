namespace ClinicOps.Domain.Screening;

/// <summary>The result of one screening rule, explained.</summary>
/// <param name="RuleId">Stable upper-case id from <see cref="ScreeningRuleIds"/>.</param>
/// <param name="Status">Pass, caution or fail.</param>
/// <param name="Consequence">What the result means; always <see cref="RuleConsequence.None"/> when the rule passed.</param>
/// <param name="Explanation">One plain-English sentence for front-desk staff; holds no patient-identifying data.</param>
/// <param name="Source">Where the rule comes from.</param>
/// <param name="Citation">The document and section the rule follows.</param>
public sealed record RuleEvaluation(
    string RuleId,
    RuleStatus Status,
    RuleConsequence Consequence,
    string Explanation,
    RuleSource Source,
    string Citation)
{
    /// <summary>True when the rule did not pass.</summary>
    public bool IsFinding => Status != RuleStatus.Pass;

    internal static RuleEvaluation Passed(string ruleId, string explanation, RuleSource source, string citation) =>
        new(ruleId, RuleStatus.Pass, RuleConsequence.None, explanation, source, citation);

    internal static RuleEvaluation Review(string ruleId, string explanation, RuleSource source, string citation) =>
        new(ruleId, RuleStatus.Caution, RuleConsequence.Review, explanation, source, citation);

    internal static RuleEvaluation Failed(
        string ruleId, RuleConsequence consequence, string explanation, RuleSource source, string citation) =>
        new(ruleId, RuleStatus.Fail, consequence, explanation, source, citation);
}
