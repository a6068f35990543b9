using System.Globalization;
using System.Text.RegularExpressions;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Sites;
using FluentValidation;

namespace ClinicOps.Application.Sites;

/// <summary>A site's week: opening hours per weekday and closures, in the site's local time.</summary>
/// <param name="TimeZoneId" example="America/Chicago">The site's IANA time zone, in which the times and dates below are meant.</param>
/// <param name="OpeningHours">Opening windows, by weekday and opening time; a weekday without any is closed.</param>
/// <param name="Closures">Holidays and one-off closures, by first date.</param>
public sealed record SiteScheduleResponse(string TimeZoneId, IReadOnlyList<OpeningHoursResponse> OpeningHours, IReadOnlyList<ClosureResponse> Closures)
{
    internal static SiteScheduleResponse From(Site site) => new(
        site.TimeZoneId,
        [.. site.OpeningHours.Select(h => new OpeningHoursResponse((Weekday)h.Day, SiteTimes.Format(h.Opens), SiteTimes.Format(h.Closes)))],
        [.. site.Closures.Select(c => new ClosureResponse(c.From, c.To, c.Reason))]);
}

/// <summary>One opening window on a weekday, in the site's local time.</summary>
/// <param name="Day" example="Monday">Weekday.</param>
/// <param name="Opens" example="08:00">Local opening time (HH:mm).</param>
/// <param name="Closes" example="17:00">Local closing time (HH:mm).</param>
public sealed record OpeningHoursResponse(Weekday Day, string Opens, string Closes);

/// <summary>Days the site is closed, inclusive, in the site's local dates.</summary>
/// <param name="From" example="2026-11-26">First closed date.</param>
/// <param name="To" example="2026-11-27">Last closed date (the same as from for one day).</param>
/// <param name="Reason" example="Thanksgiving">Why; shown to staff when a session cannot be placed.</param>
public sealed record ClosureResponse(DateOnly From, DateOnly To, string Reason);

/// <summary>A site's opening hours and closures as sent by a clinic administrator (full replacement).</summary>
public sealed record SiteScheduleInput
{
    /// <summary>
    /// Optional, so a schedule read with GET can be sent back as it is; when sent it must be the site's current time
    /// zone (this call never moves the site to another zone).
    /// </summary>
    /// <example>America/Chicago</example>
    public string? TimeZoneId { get; init; }

    /// <summary>Opening windows (at most 21; may be empty: closed every day). Windows of one weekday must not overlap.</summary>
    public IReadOnlyList<OpeningHoursInput>? OpeningHours { get; init; }

    /// <summary>Closures (at most 50; may be empty).</summary>
    public IReadOnlyList<ClosureInput>? Closures { get; init; }

    internal IEnumerable<OpeningHours> ToOpeningHours() =>
        OpeningHours!.Select(h => new OpeningHours((DayOfWeek)h.Day!.Value, SiteTimes.Parse(h.Opens!), SiteTimes.Parse(h.Closes!)));

    internal IEnumerable<Closure> ToClosures() => Closures!.Select(c => new Closure(c.From!.Value, c.To!.Value, c.Reason!.Trim()));
}

/// <summary>One opening window on a weekday.</summary>
public sealed record OpeningHoursInput
{
    /// <summary>Weekday.</summary>
    /// <example>Monday</example>
    public Weekday? Day { get; init; }

    /// <summary>Local opening time, HH:mm on the 15-minute grid (:00, :15, :30, :45).</summary>
    /// <example>08:00</example>
    public string? Opens { get; init; }

    /// <summary>Local closing time, HH:mm on the 15-minute grid, after the opening time.</summary>
    /// <example>17:00</example>
    public string? Closes { get; init; }
}

/// <summary>Days the site is closed, inclusive.</summary>
public sealed record ClosureInput
{
    /// <summary>First closed date (local).</summary>
    /// <example>2026-11-26</example>
    public DateOnly? From { get; init; }

    /// <summary>Last closed date (local), not before the first; the same date for one day.</summary>
    /// <example>2026-11-27</example>
    public DateOnly? To { get; init; }

    /// <summary>Why, 1-200 characters.</summary>
    /// <example>Thanksgiving</example>
    public string? Reason { get; init; }
}

/// <summary>Rules for <see cref="SiteScheduleInput"/>.</summary>
public sealed class SiteScheduleInputValidator : AbstractValidator<SiteScheduleInput>
{
    /// <summary>Most opening windows a week may have (three a day).</summary>
    public const int MaxWindows = 21;

    /// <summary>Most closures a schedule may list.</summary>
    public const int MaxClosures = 50;

    /// <summary>Creates the validator.</summary>
    public SiteScheduleInputValidator()
    {
        RuleFor(s => s.TimeZoneId).MaximumLength(64);
        RuleFor(s => s.OpeningHours).NotNull()
            .Must(h => h!.Count <= MaxWindows).WithMessage($"'openingHours' may list at most {MaxWindows} windows.");
        RuleForEach(s => s.OpeningHours).NotNull().SetValidator(new OpeningHoursInputValidator());
        RuleFor(s => s.OpeningHours).Custom(CheckOverlaps)
            .When(s => s.OpeningHours is { Count: <= MaxWindows } hours && hours.All(OpeningHoursInputValidator.IsValid));
        RuleFor(s => s.Closures).NotNull()
            .Must(c => c!.Count <= MaxClosures).WithMessage($"'closures' may list at most {MaxClosures} closures.");
        RuleForEach(s => s.Closures).NotNull().SetValidator(new ClosureInputValidator());
    }

    private static void CheckOverlaps(IReadOnlyList<OpeningHoursInput>? hours, ValidationContext<SiteScheduleInput> context)
    {
        var windows = hours!.Select((h, index) => (Index: index, h.Day, Opens: SiteTimes.Parse(h!.Opens!), Closes: SiteTimes.Parse(h.Closes!)))
            .OrderBy(w => w.Day).ThenBy(w => w.Opens).ThenBy(w => w.Index)
            .ToList();
        for (var i = 1; i < windows.Count; i++)
        {
            var (previous, current) = (windows[i - 1], windows[i]);
            if (previous.Day == current.Day && current.Opens < previous.Closes)
            {
                context.AddFailure($"openingHours[{current.Index}]", $"Overlaps another {current.Day} window (openingHours[{previous.Index}]).");
            }
        }
    }
}

/// <summary>Rules for one <see cref="OpeningHoursInput"/>.</summary>
public sealed class OpeningHoursInputValidator : AbstractValidator<OpeningHoursInput>
{
    /// <summary>Creates the validator.</summary>
    public OpeningHoursInputValidator()
    {
        RuleFor(h => h.Day).NotNull();
        RuleFor(h => h.Opens).NotEmpty()
            .Must(SiteTimes.IsWellFormed).WithMessage("'{PropertyName}' must be a time as HH:mm, e.g. 08:00.")
            .Must(t => SchedulingGrid.IsOnGrid(SiteTimes.Parse(t!))).WithMessage("'{PropertyName}' must be on the 15-minute grid (:00, :15, :30, :45).");
        RuleFor(h => h.Closes).NotEmpty()
            .Must(SiteTimes.IsWellFormed).WithMessage("'{PropertyName}' must be a time as HH:mm, e.g. 17:00.")
            .Must(t => SchedulingGrid.IsOnGrid(SiteTimes.Parse(t!))).WithMessage("'{PropertyName}' must be on the 15-minute grid (:00, :15, :30, :45).")
            .Must((h, closes) => SiteTimes.Parse(closes!) > SiteTimes.Parse(h.Opens!))
            .When(h => SiteTimes.IsWellFormed(h.Opens), ApplyConditionTo.CurrentValidator)
            .WithMessage("'closes' must be after 'opens'.");
    }

    /// <summary>True when the window is complete and well-formed, so overlaps can be checked.</summary>
    internal static bool IsValid(OpeningHoursInput? h) =>
        h is { Day: not null } && SiteTimes.IsWellFormed(h.Opens) && SiteTimes.IsWellFormed(h.Closes)
        && SiteTimes.Parse(h.Opens!) < SiteTimes.Parse(h.Closes!);
}

/// <summary>Rules for one <see cref="ClosureInput"/>.</summary>
public sealed class ClosureInputValidator : AbstractValidator<ClosureInput>
{
    /// <summary>Creates the validator.</summary>
    public ClosureInputValidator()
    {
        RuleFor(c => c.From).NotNull();
        RuleFor(c => c.To).NotNull()
            .GreaterThanOrEqualTo(c => c.From!.Value).When(c => c.From is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("'to' must not be before 'from'.");
        RuleFor(c => c.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 1 and <= 200)
            .WithMessage("'reason' must be 1-200 characters.");
    }
}

/// <summary>Local times of a site's schedule travel as HH:mm.</summary>
internal static partial class SiteTimes
{
    public static bool IsWellFormed(string? value) => value is not null && HourMinute().IsMatch(value);

    public static TimeOnly Parse(string value) => TimeOnly.ParseExact(value, "HH:mm", CultureInfo.InvariantCulture);

    public static string Format(TimeOnly value) => value.ToString("HH:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    private static partial Regex HourMinute();
}
