using System.Globalization;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

/// <summary>Builds a clean, eligible esketamine intake; each With... changes one thing.</summary>
public sealed class ScreeningInputBuilder
{
    public static readonly DateOnly Today = new(2026, 11, 16);

    public const string FirstDrugName = "Sertraline";

    private ScreeningInput _input = new()
    {
        DateOfBirth = new DateOnly(1985, 6, 15),
        ScreeningDate = Today,
        Treatment = IntendedTreatment.Esketamine,
        Diagnosis = DepressionDiagnosis.MajorDepressiveDisorder,
        EpisodeDurationWeeks = 52,
        Trials =
        [
            new AntidepressantTrial(FirstDrugName, AntidepressantClass.Ssri, true, 8, true, 20),
            new AntidepressantTrial("Venlafaxine", AntidepressantClass.Snri, true, 10, true, 30),
        ],
        PsychotherapyTried = true,
        Conditions = new ConditionChecklist(),
        Medications = [],
        BloodPressure = new BloodPressure(120, 80),
        Phq9Answers = [2, 2, 2, 2, 2, 2, 2, 2, 0],
        Cssrs = new CssrsScreenerAnswers(),
        Transportation = TransportationPlan.RideArranged,
    };

    public static ScreeningInputBuilder Eligible() => new();

    public static DateOnly Date(string isoDate) =>
        DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static AntidepressantTrial AdequateTrial(string drugName = "Escitalopram") =>
        new(drugName, AntidepressantClass.Ssri, AdequateDose: true, DurationWeeks: 8, TakenAsPrescribed: true, ImprovementPercent: 10);

    public ScreeningInputBuilder For(IntendedTreatment treatment) => Change(i => i with
    {
        Treatment = treatment,
        Indication = treatment == IntendedTreatment.Esketamine ? ScreeningIndication.TreatmentResistantDepression : ScreeningIndication.ClinicProtocol,
    });

    public ScreeningInputBuilder ForIndication(ScreeningIndication indication) => Change(i => i with { Indication = indication });

    public ScreeningInputBuilder TakingOralAntidepressant(bool taking = true) => Change(i => i with { TakingOralAntidepressant = taking });

    public ScreeningInputBuilder BornOn(DateOnly dateOfBirth) => Change(i => i with { DateOfBirth = dateOfBirth });

    public ScreeningInputBuilder ScreenedOn(DateOnly today) => Change(i => i with { ScreeningDate = today });

    public ScreeningInputBuilder WithDiagnosis(DepressionDiagnosis diagnosis) => Change(i => i with { Diagnosis = diagnosis });

    public ScreeningInputBuilder WithTrials(params AntidepressantTrial[] trials) => Change(i => i with { Trials = trials });

    public ScreeningInputBuilder WithConditions(Func<ConditionChecklist, ConditionChecklist> change) =>
        Change(i => i with { Conditions = change(i.Conditions) });

    public ScreeningInputBuilder Taking(params ConcomitantMedicationClass[] medications) =>
        Change(i => i with { Medications = medications });

    public ScreeningInputBuilder WithBloodPressure(int systolic, int diastolic) =>
        Change(i => i with { BloodPressure = new BloodPressure(systolic, diastolic) });

    public ScreeningInputBuilder WithPhq9(params int[] answers) => Change(i => i with { Phq9Answers = answers });

    public ScreeningInputBuilder WithPhq9Item9(int item9) =>
        WithPhq9(2, 2, 2, 2, 2, 2, 2, 2, item9);

    public ScreeningInputBuilder WithCssrs(CssrsScreenerAnswers answers) => Change(i => i with { Cssrs = answers });

    public ScreeningInputBuilder WithHighCssrsRisk() =>
        WithCssrs(new CssrsScreenerAnswers
        {
            WishToBeDead = true,
            NonSpecificActiveSuicidalThoughts = true,
            ActiveIdeationWithMethods = true,
            ActiveIdeationWithIntent = true,
            ActiveIdeationWithPlanAndIntent = false,
        });

    public ScreeningInputBuilder WithoutRide() => Change(i => i with { Transportation = TransportationPlan.NoRideArranged });

    public ScreeningInput Build() => _input;

    public ScreeningVerdict Evaluate(ScreeningThresholds? thresholds = null) =>
        ScreeningRuleSet.Evaluate(_input, thresholds ?? ScreeningThresholds.Default);

    public RuleEvaluation EvaluateRule(string ruleId, ScreeningThresholds? thresholds = null) =>
        Evaluate(thresholds).Rules.Single(r => r.RuleId == ruleId);

    private ScreeningInputBuilder Change(Func<ScreeningInput, ScreeningInput> change)
    {
        _input = change(_input);
        return this;
    }
}
