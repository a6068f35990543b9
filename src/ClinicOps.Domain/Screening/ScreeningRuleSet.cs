namespace ClinicOps.Domain.Screening;

/// <summary>
/// The intake-screening engine: a pure function of its inputs that evaluates every rule, in the stable order of
/// <see cref="ScreeningRuleIds.All"/>, and aggregates them into a verdict.
/// </summary>
public static class ScreeningRuleSet
{
    /// <summary>Version of the rules; stored with every verdict so a later review knows which rules applied.</summary>
    public const string Version = "2026.11.2";

    /// <summary>Evaluates <paramref name="input"/> with <see cref="ScreeningThresholds.Default"/>.</summary>
    /// <exception cref="ArgumentException">The PHQ-9 answers are not nine values of 0-3.</exception>
    public static ScreeningVerdict Evaluate(ScreeningInput input) => Evaluate(input, ScreeningThresholds.Default);

    /// <summary>Evaluates <paramref name="input"/> as a new screening of a patient who has none.</summary>
    /// <exception cref="ArgumentException">The PHQ-9 answers are not nine values of 0-3, or the indication does not fit the treatment.</exception>
    public static ScreeningVerdict Evaluate(ScreeningInput input, ScreeningThresholds thresholds) => Evaluate(input, thresholds, prior: null);

    /// <summary>
    /// Evaluates every rule and aggregates: Ineligible if any rule failed with a hard stop or an exclusion; otherwise
    /// NeedsClinicianReview if any rule did not pass or the screening is urgent; otherwise Eligible. Urgent means
    /// PHQ-9 item 9 is positive, the C-SSRS risk is moderate or high, or the indication is MDD with acute suicidal
    /// ideation or behaviour; it never makes a patient ineligible by itself.
    /// </summary>
    /// <param name="input">The intake data.</param>
    /// <param name="thresholds">The clinic's configured thresholds.</param>
    /// <param name="prior">The patient's current screening that this one corrects, or null for a first screening.</param>
    /// <exception cref="ArgumentException">The PHQ-9 answers are not nine values of 0-3, or the indication does not fit the treatment.</exception>
    public static ScreeningVerdict Evaluate(ScreeningInput input, ScreeningThresholds thresholds, PriorScreening? prior)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (!ScreeningIndications.Fits(input.Treatment, input.Indication))
        {
            throw new ArgumentException($"The indication {input.Indication} does not fit the treatment {input.Treatment}.", nameof(input));
        }

        var phq9 = Phq9.Score(input.Phq9Answers);
        var cssrsRisk = Cssrs.Assess(input.Cssrs);

        var suicidalityShown = phq9.Item9Positive || cssrsRisk != CssrsRisk.None;
        List<RuleEvaluation> rules =
        [
            .. IndicationRules.Evaluate(input, suicidalityShown),
            .. EligibilityRules.Evaluate(input, thresholds),
            .. ContraindicationRules.Evaluate(input),
            .. ExclusionRules.Evaluate(input.Conditions),
            TreatmentDayRules.BloodPressure(input.BloodPressure, thresholds),
            .. TreatmentDayRules.Medications(input.Medications),
            ScaleRules.Item9(phq9),
            ScaleRules.Cssrs(cssrsRisk),
            ScaleRules.Agreement(phq9, input.Cssrs),
            TreatmentDayRules.Transportation(input.Transportation),
            CorrectionRules.Evaluate(prior),
        ];

        var urgent = phq9.Item9Positive
            || cssrsRisk >= CssrsRisk.Moderate
            || input.Indication == ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior;
        return new ScreeningVerdict(Aggregate(rules, urgent), urgent, Version, phq9, cssrsRisk, rules.AsReadOnly());
    }

    private static ScreeningOutcome Aggregate(IReadOnlyList<RuleEvaluation> rules, bool urgent)
    {
        if (rules.Any(r => r.Status == RuleStatus.Fail
            && r.Consequence is RuleConsequence.HardStop or RuleConsequence.Exclusion))
        {
            return ScreeningOutcome.Ineligible;
        }

        return urgent || rules.Any(r => r.Status != RuleStatus.Pass)
            ? ScreeningOutcome.NeedsClinicianReview
            : ScreeningOutcome.Eligible;
    }
}
