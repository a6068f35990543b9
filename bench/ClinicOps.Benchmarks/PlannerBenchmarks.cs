using BenchmarkDotNet.Attributes;
using ClinicOps.Domain.Scheduling;

namespace ClinicOps.Benchmarks;

/// <summary>
/// Series planning on a busy site: 12 chairs booked for 6 months, three sessions a chair a weekday, and a patient with
/// other appointments. Target (scheduling issue): under 50 ms per plan.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private readonly DateOnly _start = new(2027, 1, 4);
    private SiteCalendar _calendar = null!;
    private List<ChairBookings> _chairs = null!;
    private List<BusyInterval> _patient = null!;
    private SeriesSpacing _esketamine = null!;
    private SeriesSpacing _ivKetamine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calendar = new SiteCalendar(
            Chicago,
            [.. Enum.GetValues<DayOfWeek>().Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
                .Select(d => new OpeningHours(d, new TimeOnly(7, 0), new TimeOnly(19, 0)))],
            [new Closure(new DateOnly(2027, 1, 18), new DateOnly(2027, 1, 18), "Martin Luther King Jr. Day")]);
        var length = TimeSpan.FromMinutes(165);
        _chairs = [.. Enumerable.Range(1, 12).Select(chair => new ChairBookings(
            Guid.NewGuid(),
            $"Chair {chair:00}",
            [.. Enumerable.Range(0, 182).Select(_start.AddDays)
                .Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
                // Every chair is taken at 07:00, 10:00 and 13:00; the wanted 09:00 and 13:00 collide, only 16:00 is free.
                .SelectMany(d => new[] { new TimeOnly(7, 0), new TimeOnly(10, 0), new TimeOnly(13, 0) }
                    .Select(t => _calendar.ToInstant(d, t)!.Value)
                    .Select(start => new BusyInterval(start, start + length)))])),
        ];
        _patient = [.. Enumerable.Range(0, 40).Select(i => _calendar.ToInstant(_start.AddDays(i * 3), new TimeOnly(8, 0))!.Value)
            .Select(start => new BusyInterval(start, start.AddHours(1)))];
        _esketamine = new TreatmentProtocol(Guid.NewGuid(), SeededProtocols.EsketamineTrd).SpacingFor(CoursePhase.Induction);
        _ivKetamine = new TreatmentProtocol(Guid.NewGuid(), SeededProtocols.IvKetamine).SpacingFor(CoursePhase.Induction);
    }

    [Benchmark(Description = "Esketamine TRD induction, 8 sessions, busy site")]
    public SeriesPlan EsketamineInduction() => SeriesPlanner.Plan(
        new SeriesRequest(1, 8, _start, [DayOfWeek.Monday, DayOfWeek.Thursday], [new TimeOnly(9, 0), new TimeOnly(13, 0), new TimeOnly(16, 0)], []),
        _esketamine, _calendar, _chairs, _patient);

    [Benchmark(Description = "IV ketamine induction, 6 infusions, busy site")]
    public SeriesPlan IvKetamineInduction() => SeriesPlanner.Plan(
        new SeriesRequest(1, 6, _start, [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday], [new TimeOnly(9, 0), new TimeOnly(16, 0)], []),
        _ivKetamine, _calendar, _chairs, _patient);

    [Benchmark(Description = "Nothing fits: every preferred time taken for the whole window")]
    public SeriesPlan NothingFits() => SeriesPlanner.Plan(
        new SeriesRequest(1, 8, _start, [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            [new TimeOnly(7, 0), new TimeOnly(10, 0), new TimeOnly(13, 0)], []),
        _esketamine, _calendar, _chairs, _patient);
}
