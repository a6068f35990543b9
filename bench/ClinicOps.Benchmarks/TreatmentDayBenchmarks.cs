using BenchmarkDotNet.Attributes;
using ClinicOps.Domain.TreatmentDay;

namespace ClinicOps.Benchmarks;

/// <summary>
/// The treatment day's pure rules on a realistic session: an esketamine session 2 h 10 min after dosing, with a reading
/// every 5 minutes from check-in (about 30 readings). These run on every vitals POST (alert rules) and on every status
/// and readiness GET (checkpoints and readiness).
/// </summary>
[MemoryDiagnoser]
public class TreatmentDayBenchmarks
{
    private static readonly DateTimeOffset DosedAt = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    private static readonly DoseTimeline Timeline = new(DosedAt, DosedAt, null, 120);
    private static readonly DateTimeOffset Now = DosedAt.AddMinutes(130);

    private readonly VitalSigns _normal = new(DosedAt.AddMinutes(40), 128, 82, 76, 98, 14, 5, DissociationLevel.None);
    private readonly VitalSigns _alarming = new(DosedAt.AddMinutes(40), 182, 112, 128, 88, 7, 2, DissociationLevel.Severe);
    private IReadOnlyList<VitalSigns> _readings = null!;
    private IReadOnlyList<CheckpointStatus> _checkpoints = null!;

    [GlobalSetup]
    public void Setup()
    {
        _readings = Enumerable.Range(-1, 28)
            .Select(i => new VitalSigns(DosedAt.AddMinutes(i * 5), 124 + (i % 7), 80 + (i % 5), 74, 97, 14, i < 12 ? 4 : 5, i < 18 ? DissociationLevel.Mild : DissociationLevel.None))
            .ToList();
        _checkpoints = Checkpoints.Evaluate(CheckpointPlan.Esketamine, Timeline, _readings, Now);
    }

    [Benchmark(Description = "Alert rules: normal reading")]
    public IReadOnlyList<RaisedAlert> AlertsNormal() => AlertRules.Evaluate(_normal, AlertThresholds.Default);

    [Benchmark(Description = "Alert rules: reading breaching every limit")]
    public IReadOnlyList<RaisedAlert> AlertsAlarming() => AlertRules.Evaluate(_alarming, AlertThresholds.Default);

    [Benchmark(Description = "Checkpoints: esketamine session, 28 readings")]
    public IReadOnlyList<CheckpointStatus> CheckpointsOfSession() => Checkpoints.Evaluate(CheckpointPlan.Esketamine, Timeline, _readings, Now);

    [Benchmark(Description = "Discharge readiness: esketamine session, 28 readings")]
    public IReadOnlyList<ReadinessCheck> Readiness() =>
        DischargeReadiness.Evaluate(new ReadinessInput(Timeline, _checkpoints, _readings, 0, AlertThresholds.Default, true, Now));
}
