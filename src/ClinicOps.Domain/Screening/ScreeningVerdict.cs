namespace ClinicOps.Domain.Screening;

/// <summary>The outcome of an intake screening with every rule's result.</summary>
/// <param name="Outcome">Eligible, needs clinician review, or ineligible.</param>
/// <param name="Urgent">PHQ-9 item 9 positive, C-SSRS moderate or high risk, or the MDD-with-acute-suicidal-ideation indication: a clinician must see the patient now.</param>
/// <param name="RuleSetVersion">Version of the rule set that produced the verdict (<see cref="ScreeningRuleSet.Version"/>).</param>
/// <param name="Phq9">The scored PHQ-9.</param>
/// <param name="CssrsRisk">The C-SSRS screener risk level.</param>
/// <param name="Rules">Every rule's result, passed or not, in the stable order of <see cref="ScreeningRuleIds.All"/>.</param>
public sealed record ScreeningVerdict(
    ScreeningOutcome Outcome,
    bool Urgent,
    string RuleSetVersion,
    Phq9Score Phq9,
    CssrsRisk CssrsRisk,
    IReadOnlyList<RuleEvaluation> Rules)
{
    /// <summary>True when a rule failed with a hard stop (label contraindication or age).</summary>
    public bool HasHardStop =>
        Rules.Any(r => r.Status == RuleStatus.Fail && r.Consequence == RuleConsequence.HardStop);

    /// <summary>
    /// True when a clinician may override the outcome with a reason: the outcome needs review, or the patient is
    /// ineligible only because of exclusions (no hard stop). False when eligible or when a hard stop failed.
    /// </summary>
    public bool ClinicianMayOverride =>
        Outcome == ScreeningOutcome.NeedsClinicianReview
        || (Outcome == ScreeningOutcome.Ineligible && !HasHardStop);
}
