namespace ClinicOps.Domain.Screening;

/// <summary>Age, treatment resistance and diagnosis.</summary>
internal static class EligibilityRules
{
    public static IEnumerable<RuleEvaluation> Evaluate(ScreeningInput input, ScreeningThresholds thresholds)
    {
        yield return Age(input, thresholds);
        yield return AdequateTrials(input, thresholds);
        yield return Diagnosis(input.Diagnosis);
    }

    /// <summary>
    /// Age in whole years. A 29 February birthday is reached on 1 March in common years (the later, conservative
    /// reading), so a patient born on 29 February turns 18 on 1 March.
    /// </summary>
    public static int AgeInWholeYears(DateOnly dateOfBirth, DateOnly onDate)
    {
        var age = onDate.Year - dateOfBirth.Year;
        var birthdayReached = onDate.Month > dateOfBirth.Month
            || (onDate.Month == dateOfBirth.Month && onDate.Day >= dateOfBirth.Day);
        return birthdayReached ? age : age - 1;
    }

    /// <summary>
    /// The distinct drugs (by generic name, ignoring case and spacing) that had an adequate trial without response, with
    /// their classes. The same drug tried twice is one failed drug, not two: TRD asks for two different antidepressants.
    /// </summary>
    public static IReadOnlyList<AntidepressantTrial> AdequateFailedDrugs(IEnumerable<AntidepressantTrial> trials, ScreeningThresholds thresholds) =>
        trials.Where(t => IsAdequateWithoutResponse(t, thresholds)).DistinctBy(t => NormalizedDrugName(t.DrugName)).ToList();

    private static string ClassName(AntidepressantClass drugClass) => drugClass switch
    {
        AntidepressantClass.Ssri => "SSRI",
        AntidepressantClass.Snri => "SNRI",
        AntidepressantClass.Maoi => "MAOI",
        AntidepressantClass.Tricyclic => "tricyclic",
        AntidepressantClass.Atypical => "atypical",
        _ => "other",
    };

    private static bool IsAdequateWithoutResponse(AntidepressantTrial trial, ScreeningThresholds thresholds) =>
        trial.AdequateDose
        && trial.DurationWeeks >= thresholds.MinimumTrialWeeks
        && trial.TakenAsPrescribed
        && trial.ImprovementPercent < thresholds.NonResponseImprovementBelowPercent;

    private static string NormalizedDrugName(string drugName) =>
        string.Join(' ', drugName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToUpperInvariant();

    private static RuleEvaluation Age(ScreeningInput input, ScreeningThresholds thresholds)
    {
        var citation = input.Treatment == IntendedTreatment.Esketamine
            ? Citations.SpravatoIndications
            : Citations.KetamineOffLabelAdults;
        var minimum = thresholds.MinimumAgeYears;
        return AgeInWholeYears(input.DateOfBirth, input.ScreeningDate) >= minimum
            ? RuleEvaluation.Passed(
                ScreeningRuleIds.AgeAdult, $"The patient is {minimum} or older.", RuleSource.Label, citation)
            : RuleEvaluation.Failed(
                ScreeningRuleIds.AgeAdult,
                RuleConsequence.HardStop,
                $"The patient is under {minimum}, and this treatment is for adults only.",
                RuleSource.Label,
                citation);
    }

    private static RuleEvaluation AdequateTrials(ScreeningInput input, ScreeningThresholds thresholds)
    {
        if (input.Indication == ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior)
        {
            return RuleEvaluation.Passed(
                ScreeningRuleIds.TrdAdequateTrials,
                "The treatment-resistance criteria do not apply to major depressive disorder with acute suicidal ideation or behavior.",
                RuleSource.Label,
                Citations.SpravatoMddSuicidalIdeationIndication);
        }

        var drugs = AdequateFailedDrugs(input.Trials, thresholds);
        var found = drugs.Count;
        var needed = thresholds.MinimumAdequateTrials;
        var classes = drugs.Select(d => d.DrugClass).Distinct().Count();
        var diversity = found == 0 ? string.Empty
            : $" ({classes} drug {(classes == 1 ? "class" : "classes")}: {string.Join(", ", drugs.Select(d => d.DrugClass).Distinct().Select(ClassName))})";
        var duplicates = input.Trials.Count(t => IsAdequateWithoutResponse(t, thresholds)) > found ? "; a drug tried more than once counts once" : string.Empty;
        var counts = $"{found} different antidepressant {(found == 1 ? "drug" : "drugs")} with an adequate trial without response "
            + $"{(found == 1 ? "was" : "were")} found{diversity} and at least {needed} {(needed == 1 ? "is" : "are")} needed{duplicates}";

        if (found >= needed)
        {
            var (source, citation) = input.Treatment == IntendedTreatment.Esketamine
                ? (RuleSource.Label, Citations.SpravatoTrdIndication)
                : (RuleSource.ClinicPolicy, Citations.ClinicTrdPolicy);
            return RuleEvaluation.Passed(ScreeningRuleIds.TrdAdequateTrials, $"{counts}.", source, citation);
        }

        return input.Treatment == IntendedTreatment.Esketamine
            ? RuleEvaluation.Failed(
                ScreeningRuleIds.TrdAdequateTrials,
                RuleConsequence.Exclusion,
                $"{counts}, so the treatment-resistant depression indication is not met.",
                RuleSource.Label,
                Citations.SpravatoTrdIndication)
            : RuleEvaluation.Review(
                ScreeningRuleIds.TrdAdequateTrials,
                $"{counts}, so a clinician must review whether IV ketamine is appropriate.",
                RuleSource.ClinicPolicy,
                Citations.ClinicTrdPolicy);
    }

    private static RuleEvaluation Diagnosis(DepressionDiagnosis diagnosis) => diagnosis switch
    {
        DepressionDiagnosis.MajorDepressiveDisorder => RuleEvaluation.Passed(
            ScreeningRuleIds.DxBipolar,
            "The diagnosis is major depressive disorder.",
            RuleSource.ClinicPolicy,
            Citations.ClinicDiagnosisPolicy),
        DepressionDiagnosis.BipolarDepression => RuleEvaluation.Review(
            ScreeningRuleIds.DxBipolar,
            "The diagnosis is bipolar depression, which needs a clinician's review before treatment.",
            RuleSource.ClinicPolicy,
            Citations.ClinicDiagnosisPolicy),
        _ => RuleEvaluation.Review(
            ScreeningRuleIds.DxBipolar,
            "The diagnosis is not major depressive disorder, so a clinician must review it before treatment.",
            RuleSource.ClinicPolicy,
            Citations.ClinicDiagnosisPolicy),
    };
}
