namespace ClinicOps.Domain.Scheduling;

/// <summary>
/// Sessions start on a 15-minute grid and occupy whole 15-minute slots. The database enforces "one session per chair
/// and per patient at a time" with a unique row per occupied slot, which works the same on SQLite and PostgreSQL.
/// </summary>
public static class SchedulingGrid
{
    /// <summary>Slot length in minutes.</summary>
    public const int SlotMinutes = 15;

    /// <summary>Slot length.</summary>
    public static readonly TimeSpan Slot = TimeSpan.FromMinutes(SlotMinutes);

    /// <summary>True when a local time starts a slot.</summary>
    public static bool IsOnGrid(TimeOnly time) => time.Second == 0 && time.Millisecond == 0 && time.Minute % SlotMinutes == 0;

    /// <summary>A length rounded up to whole slots.</summary>
    public static TimeSpan RoundUp(TimeSpan length) =>
        TimeSpan.FromMinutes(Math.Ceiling(length.TotalMinutes / SlotMinutes) * SlotMinutes);

    /// <summary>The UTC start of every slot from <paramref name="start"/> (on the grid) until <paramref name="end"/>.</summary>
    public static IEnumerable<DateTimeOffset> SlotsOf(DateTimeOffset start, DateTimeOffset end)
    {
        for (var slot = start; slot < end; slot += Slot)
        {
            yield return slot;
        }
    }
}
