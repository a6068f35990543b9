namespace ClinicOps.Domain.TreatmentDay;

/// <summary>The next vitals checkpoint of a chair, as the nurse station shows it.</summary>
/// <param name="Name">E.g. "40 minutes after dosing".</param>
/// <param name="DueFrom">When its window opens (UTC); null for "any time before" (pre-dose).</param>
/// <param name="DueBy">When its window closes (UTC); null before dosing (the pre-dose reading is due before the dose).</param>
/// <param name="Overdue">Its window has closed without a blood pressure.</param>
public sealed record NextCheckpoint(string Name, DateTimeOffset? DueFrom, DateTimeOffset? DueBy, bool Overdue);

/// <summary>
/// What the observation board derives from a session's checkpoints (DOMAIN.md "Treatment day", step 4; the
/// checkpoints themselves are <see cref="Checkpoints"/>): which checkpoint the nurse takes next, and whether one is
/// overdue. Pure: the caller passes the time of evaluation.
/// </summary>
public static class BoardRules
{
    /// <summary>
    /// The checkpoint to take next: the earliest required one not met yet. One whose window closed unmet (missed, or
    /// "before completion" past the end of monitoring) comes first and is overdue; otherwise the earliest still open.
    /// Before dosing (no timeline), the pre-dose blood pressure when none was taken yet. Null when nothing is due.
    /// </summary>
    public static NextCheckpoint? Next(CheckpointPlan plan, IReadOnlyList<CheckpointStatus> checkpoints, bool dosed, bool hasBloodPressure, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (!dosed)
        {
            return plan.PreDose && !hasBloodPressure ? new NextCheckpoint("pre-dose", null, null, false) : null;
        }

        var late = checkpoints.FirstOrDefault(c => !c.Met && now >= c.To);
        if (late is not null)
        {
            return new NextCheckpoint(late.Name, late.From, late.To, true);
        }

        var open = checkpoints.FirstOrDefault(c => !c.Met && c.Due);
        return open is null ? null : new NextCheckpoint(open.Name, open.From, open.To, false);
    }

    /// <summary>
    /// During an IV infusion (the monitoring clock starts only when it ends): the 10-minute window the nurse is in, or
    /// the first earlier window left without a blood pressure (overdue). Null when the plan asks for none.
    /// </summary>
    public static NextCheckpoint? DuringInfusion(CheckpointPlan plan, DateTimeOffset infusionStartedAt, IEnumerable<DateTimeOffset> bloodPressureTimes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.EveryMinutesDuringInfusion is not { } every)
        {
            return null;
        }

        var times = bloodPressureTimes.Where(t => t >= infusionStartedAt).ToList();
        bool Met(DateTimeOffset from) => times.Any(t => t >= from && t < from.AddMinutes(every));
        NextCheckpoint Window(int index, bool overdue)
        {
            var from = infusionStartedAt.AddMinutes(index * every);
            return new NextCheckpoint($"infusion {index * every}-{(index + 1) * every} min", from, from.AddMinutes(every), overdue);
        }

        var current = Math.Max(0, (int)Math.Floor((now - infusionStartedAt).TotalMinutes / every));
        for (var index = 0; index < current; index++)
        {
            if (!Met(infusionStartedAt.AddMinutes(index * every)))
            {
                return Window(index, overdue: true);
            }
        }

        return Met(infusionStartedAt.AddMinutes(current * every)) ? Window(current + 1, overdue: false) : Window(current, overdue: false);
    }

    /// <summary>The patient's initials for a shared screen: first letter of the given and the family name, upper case.</summary>
    public static string Initials(string givenName, string familyName)
    {
        static string First(string name) => name.Trim() is { Length: > 0 } trimmed ? char.ToUpperInvariant(trimmed[0]).ToString() : string.Empty;
        return $"{First(givenName ?? string.Empty)}{First(familyName ?? string.Empty)}";
    }
}
