namespace ClinicOps.Domain.TreatmentDay;

/// <summary>
/// The vitals checkpoints a protocol requires. Esketamine (label, REMS form): blood pressure before dosing, about 40
/// minutes after the first device (30-50 accepted), and before completion. IV ketamine (Emory practice, configurable):
/// every 10 minutes during the infusion and every 15 minutes after it until monitoring ends.
/// </summary>
/// <param name="PreDose">A blood pressure before the first dose.</param>
/// <param name="AfterDoseMinutes">A blood pressure about this many minutes after the clock starts (esketamine: 40); null for none.</param>
/// <param name="AfterDoseWindowFrom">Earliest accepted minute for <paramref name="AfterDoseMinutes"/> (30).</param>
/// <param name="AfterDoseWindowTo">Latest accepted minute for <paramref name="AfterDoseMinutes"/> (50).</param>
/// <param name="BeforeCompletion">A blood pressure in the last <paramref name="BeforeCompletionMinutes"/> of the minimum monitoring, or later.</param>
/// <param name="BeforeCompletionMinutes">How close to the end of monitoring the last reading must be (15).</param>
/// <param name="EveryMinutesDuringInfusion">IV: a reading in every window of this many minutes during the infusion; null for none.</param>
/// <param name="EveryMinutesAfterInfusion">IV: a reading in every window of this many minutes from the infusion's end to the end of monitoring; null for none.</param>
public sealed record CheckpointPlan(
    bool PreDose,
    int? AfterDoseMinutes,
    int AfterDoseWindowFrom,
    int AfterDoseWindowTo,
    bool BeforeCompletion,
    int BeforeCompletionMinutes,
    int? EveryMinutesDuringInfusion,
    int? EveryMinutesAfterInfusion)
{
    /// <summary>Esketamine: pre-dose, about 40 minutes (30-50), before completion.</summary>
    public static CheckpointPlan Esketamine { get; } = new(true, 40, 30, 50, true, 15, null, null);

    /// <summary>IV ketamine: pre-dose, every 10 minutes during the infusion, every 15 after it, before completion.</summary>
    public static CheckpointPlan IvKetamine { get; } = new(true, null, 0, 0, true, 15, 10, 15);
}

/// <summary>When a session's dosing happened, as the checkpoints need it.</summary>
/// <param name="DosingStartedAt">First esketamine device, or the start of the infusion.</param>
/// <param name="ClockStartedAt">When monitoring time starts counting: the first device (REMS), or the end of the infusion.</param>
/// <param name="InfusionEndedAt">End of the infusion (IV), or null.</param>
/// <param name="MonitoringMinutes">The protocol's minimum monitoring, in minutes (120).</param>
public sealed record DoseTimeline(DateTimeOffset DosingStartedAt, DateTimeOffset ClockStartedAt, DateTimeOffset? InfusionEndedAt, int MonitoringMinutes)
{
    /// <summary>When the minimum monitoring ends.</summary>
    public DateTimeOffset MonitoringEndsAt => ClockStartedAt.AddMinutes(MonitoringMinutes);
}

/// <summary>One required checkpoint and whether a reading meets it.</summary>
/// <param name="Name">E.g. "pre-dose", "40 minutes after dosing", "before completion", "infusion 10-20 min".</param>
/// <param name="From">Start of the window in which a blood pressure counts (UTC); null for "any time before".</param>
/// <param name="To">End of the window (UTC).</param>
/// <param name="MetAt">The measured-at time of the reading that meets it, or null.</param>
/// <param name="Due">True when the window has not closed yet at the time of evaluation (it may still be met).</param>
public sealed record CheckpointStatus(string Name, DateTimeOffset? From, DateTimeOffset To, DateTimeOffset? MetAt, bool Due)
{
    /// <summary>Met by a reading.</summary>
    public bool Met => MetAt is not null;

    /// <summary>Closed without a reading: a gap in the record.</summary>
    public bool Missed => !Met && !Due;
}

/// <summary>Which checkpoints a session requires, and which readings meet them.</summary>
public static class Checkpoints
{
    /// <summary>Every required checkpoint, in time order, evaluated at <paramref name="now"/>. Only readings with a blood pressure count.</summary>
    public static IReadOnlyList<CheckpointStatus> Evaluate(CheckpointPlan plan, DoseTimeline timeline, IEnumerable<VitalSigns> readings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(timeline);
        var times = readings.Where(r => r.HasBloodPressure).Select(r => r.MeasuredAt).Order().ToList();
        var result = new List<CheckpointStatus>();

        CheckpointStatus Window(string name, DateTimeOffset? from, DateTimeOffset to, bool toInclusive, DateTimeOffset? dueUntil = null)
        {
            var met = times.Where(t => (from is null || t >= from) && (toInclusive ? t <= to : t < to)).Cast<DateTimeOffset?>().FirstOrDefault();
            return new CheckpointStatus(name, from, to, met, met is null && now < (dueUntil ?? to));
        }

        if (plan.PreDose)
        {
            result.Add(Window("pre-dose", null, timeline.DosingStartedAt, toInclusive: false));
        }

        if (plan.EveryMinutesDuringInfusion is { } during && timeline.InfusionEndedAt is { } end)
        {
            for (var from = timeline.DosingStartedAt; from < end; from = from.AddMinutes(during))
            {
                var to = from.AddMinutes(during) < end ? from.AddMinutes(during) : end;
                result.Add(Window($"infusion {(from - timeline.DosingStartedAt).TotalMinutes:0}-{(to - timeline.DosingStartedAt).TotalMinutes:0} min", from, to, toInclusive: false));
            }
        }

        if (plan.AfterDoseMinutes is { } target)
        {
            result.Add(Window($"{target} minutes after dosing", timeline.ClockStartedAt.AddMinutes(plan.AfterDoseWindowFrom),
                timeline.ClockStartedAt.AddMinutes(plan.AfterDoseWindowTo), toInclusive: true));
        }

        if (plan.EveryMinutesAfterInfusion is { } after && timeline.InfusionEndedAt is not null)
        {
            for (var from = timeline.ClockStartedAt; from < timeline.MonitoringEndsAt; from = from.AddMinutes(after))
            {
                var to = from.AddMinutes(after);
                result.Add(Window($"after infusion {(from - timeline.ClockStartedAt).TotalMinutes:0}-{(to - timeline.ClockStartedAt).TotalMinutes:0} min", from, to, toInclusive: false));
            }
        }

        if (plan.BeforeCompletion)
        {
            // Open-ended: any blood pressure from the last minutes of the minimum monitoring on counts, so it is due until met.
            var from = timeline.MonitoringEndsAt.AddMinutes(-plan.BeforeCompletionMinutes);
            var met = times.Where(t => t >= from).Cast<DateTimeOffset?>().FirstOrDefault();
            result.Add(new CheckpointStatus("before completion", from, timeline.MonitoringEndsAt, met, met is null));
        }

        return result;
    }
}
