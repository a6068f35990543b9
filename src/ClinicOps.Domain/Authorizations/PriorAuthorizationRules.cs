namespace ClinicOps.Domain.Authorizations;

/// <summary>An approved PA as the rules see it.</summary>
/// <param name="Id">PA id.</param>
/// <param name="ApprovedSessions">Count approved; null for no count limit.</param>
/// <param name="ValidFrom">First date; null for no start limit.</param>
/// <param name="ValidThrough">Last date; null for no end limit.</param>
public sealed record AuthorizationWindow(Guid Id, int? ApprovedSessions, DateOnly? ValidFrom, DateOnly? ValidThrough)
{
    /// <summary>True when the date is within its dates.</summary>
    public bool Covers(DateOnly date) => (ValidFrom is null || date >= ValidFrom) && (ValidThrough is null || date <= ValidThrough);
}

/// <summary>Why a session is not covered.</summary>
public enum AuthorizationFinding
{
    /// <summary>The course has PAs, but none is approved.</summary>
    NoApprovedAuthorization,

    /// <summary>No approved PA covers the session's date.</summary>
    OutsideDates,

    /// <summary>The PA covering the date has no approved session left.</summary>
    ExceedsCount,
}

/// <summary>A session the PAs do not cover.</summary>
/// <param name="Date">The session's local date.</param>
/// <param name="Finding">Why.</param>
/// <param name="Reason">One sentence.</param>
public sealed record AuthorizationGap(DateOnly Date, AuthorizationFinding Finding, string Reason);

/// <summary>A reminder a PA calls for.</summary>
public enum AuthorizationReminder
{
    /// <summary>It expires within 14 days.</summary>
    ExpiresWithin14Days,

    /// <summary>It has 2 or fewer approved sessions left.</summary>
    FewSessionsLeft,
}

/// <summary>
/// Prior-authorization rules, pure. DOMAIN.md is silent; they follow the issue and payers' published PA terms for
/// esketamine (e.g. the approval covers a number of sessions within a date range; sessions beyond either are not
/// covered). Reminder thresholds (14 days, 2 sessions) are the issue's. See ADR 0015.
/// </summary>
public static class PriorAuthorizationRules
{
    /// <summary>Days before expiry that a reminder is due.</summary>
    public const int ExpiryReminderDays = 14;

    /// <summary>Sessions left at or below which a reminder is due.</summary>
    public const int SessionsLeftReminder = 2;

    /// <summary>
    /// Checks new sessions against the approved PAs of a course, after the sessions already booked have used their
    /// share (each session, in date order, uses the earliest-ending approved PA that covers its date and has a session
    /// left). A course with no PA at all is not checked (self-pay or no PA required).
    /// </summary>
    public static IReadOnlyList<AuthorizationGap> Check(
        bool courseHasAnyAuthorization, IReadOnlyList<AuthorizationWindow> approved, IEnumerable<DateOnly> bookedSessions, IEnumerable<DateOnly> newSessions)
    {
        ArgumentNullException.ThrowIfNull(approved);
        var fresh = newSessions.ToList();
        if (!courseHasAnyAuthorization)
        {
            return [];
        }

        if (approved.Count == 0)
        {
            return [.. fresh.Select(d => new AuthorizationGap(d, AuthorizationFinding.NoApprovedAuthorization, $"{d:yyyy-MM-dd}: the course's prior authorization is not approved."))];
        }

        var used = approved.ToDictionary(a => a.Id, _ => 0);
        AuthorizationWindow? Take(DateOnly date)
        {
            var window = approved.Where(a => a.Covers(date) && (a.ApprovedSessions is null || used[a.Id] < a.ApprovedSessions))
                .OrderBy(a => a.ValidThrough ?? DateOnly.MaxValue).FirstOrDefault();
            if (window is not null)
            {
                used[window.Id]++;
            }

            return window;
        }

        foreach (var date in bookedSessions.Order())
        {
            Take(date);
        }

        var gaps = new List<AuthorizationGap>();
        foreach (var date in fresh.Order())
        {
            if (Take(date) is not null)
            {
                continue;
            }

            gaps.Add(approved.Any(a => a.Covers(date))
                ? new AuthorizationGap(date, AuthorizationFinding.ExceedsCount, $"{date:yyyy-MM-dd}: the prior authorization covering this date has no approved session left.")
                : new AuthorizationGap(date, AuthorizationFinding.OutsideDates, $"{date:yyyy-MM-dd}: no approved prior authorization covers this date."));
        }

        return gaps;
    }

    /// <summary>Approved sessions left on a PA, given the sessions it covers; null when it has no count.</summary>
    public static int? SessionsLeft(AuthorizationWindow window, IEnumerable<DateOnly> courseSessions)
    {
        ArgumentNullException.ThrowIfNull(window);
        return window.ApprovedSessions is { } approved ? approved - courseSessions.Count(window.Covers) : null;
    }

    /// <summary>The reminders an approved PA calls for today (14 days before expiry; 2 sessions left).</summary>
    public static IReadOnlyList<AuthorizationReminder> Reminders(AuthorizationWindow window, DateOnly today, int? sessionsLeft)
    {
        ArgumentNullException.ThrowIfNull(window);
        var reminders = new List<AuthorizationReminder>();
        if (window.ValidThrough is { } through && through >= today && through.DayNumber - today.DayNumber <= ExpiryReminderDays)
        {
            reminders.Add(AuthorizationReminder.ExpiresWithin14Days);
        }

        if (sessionsLeft is { } left && left <= SessionsLeftReminder)
        {
            reminders.Add(AuthorizationReminder.FewSessionsLeft);
        }

        return reminders;
    }
}
