using System.Globalization;

namespace ClinicOps.Domain.Scheduling;

/// <summary>A chair and the stretches it is already taken.</summary>
/// <param name="ChairId">Chair id.</param>
/// <param name="Name">Chair name, for explanations.</param>
/// <param name="Busy">Booked stretches, in any order.</param>
public sealed record ChairBookings(Guid ChairId, string Name, IReadOnlyList<BusyInterval> Busy);

/// <summary>How a run of sessions is spaced, from the protocol's phase.</summary>
/// <param name="MinDaysBetweenDoses">Fewest calendar days from one dose to the next (2: Monday then Wednesday at the earliest).</param>
/// <param name="MaxSessionsPerWeek">Most sessions in one Monday-Sunday week (twice weekly: 2).</param>
/// <param name="SessionLength">How long the patient holds the chair: check-in, dosing, monitoring and buffer.</param>
/// <param name="WindowDays">Days from the start date within which the sessions must fall (4 weeks of induction: 28).</param>
public sealed record SeriesSpacing(int MinDaysBetweenDoses, int MaxSessionsPerWeek, TimeSpan SessionLength, int WindowDays);

/// <summary>What to plan.</summary>
/// <param name="FirstSessionNumber">Number of the first session to place (1 for a new series).</param>
/// <param name="SessionCount">How many sessions to place.</param>
/// <param name="StartDate">First local date that may hold a session.</param>
/// <param name="PreferredWeekdays">Weekdays the patient can come.</param>
/// <param name="PreferredTimes">Local start times in order of preference, each on the 15-minute grid.</param>
/// <param name="EarlierDoseDates">Local dates of doses already given or booked in this series (for spacing and weekly counts).</param>
public sealed record SeriesRequest(
    int FirstSessionNumber,
    int SessionCount,
    DateOnly StartDate,
    IReadOnlyCollection<DayOfWeek> PreferredWeekdays,
    IReadOnlyList<TimeOnly> PreferredTimes,
    IReadOnlyCollection<DateOnly> EarlierDoseDates);

/// <summary>A session the planner placed.</summary>
/// <param name="SessionNumber">Number in the series.</param>
/// <param name="LocalDate">Local date.</param>
/// <param name="LocalStart">Local start time.</param>
/// <param name="StartsAt">Start instant (UTC).</param>
/// <param name="EndsAt">End instant (UTC): when the chair is free again.</param>
/// <param name="ChairId">The chair.</param>
/// <param name="ChairName">The chair's name.</param>
/// <param name="Notes">Preferred dates or times passed over on the way, and why.</param>
public sealed record PlannedSession(
    int SessionNumber, DateOnly LocalDate, TimeOnly LocalStart, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    Guid ChairId, string ChairName, IReadOnlyList<string> Notes);

/// <summary>A session the planner could not place, and why.</summary>
/// <param name="SessionNumber">Number in the series.</param>
/// <param name="Reasons">Each preferred date and time tried, and what stood in the way.</param>
public sealed record UnplacedSession(int SessionNumber, IReadOnlyList<string> Reasons);

/// <summary>A proposed series; planning writes nothing.</summary>
/// <param name="Sessions">Sessions placed, in order.</param>
/// <param name="Unplaced">Sessions that could not be placed within the window, with reasons.</param>
public sealed record SeriesPlan(IReadOnlyList<PlannedSession> Sessions, IReadOnlyList<UnplacedSession> Unplaced);

/// <summary>
/// Proposes a series of sessions: the protocol's spacing and weekly cap, the site's opening hours and closures, a free
/// chair for the whole session length, and no clash with the patient's other appointments. A pure function: the
/// caller passes the bookings, and the planner never reads a clock.
/// </summary>
public static class SeriesPlanner
{
    /// <summary>Plans <see cref="SeriesRequest.SessionCount"/> sessions, or explains each one it could not place.</summary>
    public static SeriesPlan Plan(
        SeriesRequest request, SeriesSpacing spacing, SiteCalendar calendar, IReadOnlyList<ChairBookings> chairs, IReadOnlyList<BusyInterval> patientBusy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(spacing);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(chairs);
        ArgumentNullException.ThrowIfNull(patientBusy);

        var length = SchedulingGrid.RoundUp(spacing.SessionLength);
        var sortedChairs = chairs.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => (c.ChairId, c.Name, Busy: c.Busy.OrderBy(b => b.Start).ToArray()))
            .ToList();
        var patient = patientBusy.OrderBy(b => b.Start).ToList();
        var doseDates = request.EarlierDoseDates.ToList();
        var lastDose = doseDates.Count == 0 ? (DateOnly?)null : doseDates.Max();
        var windowEnd = request.StartDate.AddDays(spacing.WindowDays - 1);

        var placed = new List<PlannedSession>();
        var notes = new List<string>();
        var sessionNumber = request.FirstSessionNumber;
        for (var date = request.StartDate; date <= windowEnd && placed.Count < request.SessionCount; date = date.AddDays(1))
        {
            if (!request.PreferredWeekdays.Contains(date.DayOfWeek)
                || (lastDose is { } last && date.DayNumber - last.DayNumber < spacing.MinDaysBetweenDoses)
                || doseDates.Count(d => WeekOf(d) == WeekOf(date)) >= spacing.MaxSessionsPerWeek)
            {
                continue;
            }

            if (calendar.ClosureOn(date) is { } closure)
            {
                notes.Add($"{Day(date)}: the site is closed ({closure.Reason}).");
                continue;
            }

            var session = TryPlace(date, request.PreferredTimes, length, calendar, sortedChairs, patient, notes);
            if (session is null)
            {
                continue;
            }

            placed.Add(new PlannedSession(sessionNumber++, date, session.Value.Time, session.Value.Start, session.Value.Start + length,
                session.Value.ChairId, session.Value.ChairName, [.. notes]));
            notes.Clear();
            doseDates.Add(date);
            lastDose = date;
            patient.Add(new BusyInterval(session.Value.Start, session.Value.Start + length));
        }

        var unplaced = Enumerable.Range(sessionNumber, request.SessionCount - placed.Count)
            .Select(n => new UnplacedSession(n,
            [
                .. notes,
                $"No preferred date up to {Day(windowEnd)} left room for session {n} with at least {spacing.MinDaysBetweenDoses} days between doses "
                    + $"and at most {spacing.MaxSessionsPerWeek} a week.",
            ]))
            .ToList();
        return new SeriesPlan(placed, unplaced);
    }

    private static (TimeOnly Time, DateTimeOffset Start, Guid ChairId, string ChairName)? TryPlace(
        DateOnly date,
        IReadOnlyList<TimeOnly> times,
        TimeSpan length,
        SiteCalendar calendar,
        List<(Guid ChairId, string Name, BusyInterval[] Busy)> chairs,
        List<BusyInterval> patient,
        List<string> notes)
    {
        foreach (var time in times)
        {
            var at = $"{Day(date)} at {time:HH\\:mm}";
            if (!calendar.IsOpen(date, time, length))
            {
                notes.Add($"{at}: a {length.TotalMinutes:0}-minute session does not fit the opening hours.");
                continue;
            }

            if (calendar.ToInstant(date, time) is not { } start)
            {
                notes.Add($"{at}: that local time does not exist (daylight-saving change).");
                continue;
            }

            var end = start + length;
            if (patient.Any(b => b.Overlaps(start, end)))
            {
                notes.Add($"{at}: the patient has another appointment.");
                continue;
            }

            foreach (var chair in chairs)
            {
                if (!IsTaken(chair.Busy, start, end))
                {
                    return (time, start, chair.ChairId, chair.Name);
                }
            }

            notes.Add($"{at}: all {chairs.Count} chairs are taken.");
        }

        return null;
    }

    /// <summary>Binary search over bookings sorted by start: only the last booking starting before the end can overlap... or any longer one before it.</summary>
    private static bool IsTaken(BusyInterval[] sorted, DateTimeOffset start, DateTimeOffset end)
    {
        // Bookings never overlap each other in one chair, so at most the last one starting before `end` can reach into [start, end).
        int lo = 0, hi = sorted.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid].Start < end)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && sorted[found].End > start;
    }

    private static int WeekOf(DateOnly date) => date.DayNumber - (((int)date.DayOfWeek + 6) % 7);

    private static string Day(DateOnly date) => date.ToString("ddd yyyy-MM-dd", CultureInfo.InvariantCulture);
}
