using BenchmarkDotNet.Attributes;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Benchmarks;

/// <summary>The screening engine on a clean intake and on one where every rule finds something.</summary>
[MemoryDiagnoser]
public class ScreeningBenchmarks
{
    private readonly ScreeningInput _clean = new()
    {
        DateOfBirth = new DateOnly(1985, 6, 15),
        ScreeningDate = new DateOnly(2026, 11, 20),
        Treatment = IntendedTreatment.Esketamine,
        Indication = ScreeningIndication.TreatmentResistantDepression,
        TakingOralAntidepressant = true,
        Diagnosis = DepressionDiagnosis.MajorDepressiveDisorder,
        EpisodeDurationWeeks = 52,
        Trials =
        [
            new AntidepressantTrial("sertraline", AntidepressantClass.Ssri, true, 8, true, 20),
            new AntidepressantTrial("venlafaxine", AntidepressantClass.Snri, true, 10, true, 30),
        ],
        PsychotherapyTried = true,
        Conditions = new ConditionChecklist(),
        Medications = [],
        BloodPressure = new BloodPressure(120, 80),
        Phq9Answers = [2, 2, 2, 2, 2, 2, 2, 2, 0],
        Cssrs = new CssrsScreenerAnswers(),
        Transportation = TransportationPlan.RideArranged,
    };

    private ScreeningInput _findings = null!;

    [GlobalSetup]
    public void Setup() => _findings = _clean with
    {
        Conditions = new ConditionChecklist { Pregnancy = true, PastSubstanceUseDisorder = true, SeriousCardiovascularDisease = true },
        Medications = [ConcomitantMedicationClass.Benzodiazepine, ConcomitantMedicationClass.Opioid],
        BloodPressure = new BloodPressure(150, 95),
        Phq9Answers = [3, 3, 3, 3, 3, 3, 3, 3, 2],
        Cssrs = new CssrsScreenerAnswers { WishToBeDead = true },
    };

    [Benchmark(Description = "Screening: clean intake")]
    public ScreeningVerdict Clean() => ScreeningRuleSet.Evaluate(_clean);

    [Benchmark(Description = "Screening: many findings")]
    public ScreeningVerdict ManyFindings() => ScreeningRuleSet.Evaluate(_findings);
}
