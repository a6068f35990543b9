using ClinicOps.Domain.Reminders;
using ClinicOps.Domain.Common;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.TreatmentDay;

namespace ClinicOps.Domain.Sites;

/// <summary>A clinic location. Patients and everything under them belong to exactly one site.</summary>
public sealed class Site : AuditableEntity
{
    /// <summary>Creates a site.</summary>
    public Site(string code, string name, string timeZoneId)
    {
        Code = code;
        Name = name;
        TimeZoneId = timeZoneId;
        OpeningHours = [];
        Closures = [];
        AlertThresholds = AlertThresholds.Default;
        ReminderSettings = ReminderSettings.Default;
    }

    /// <summary>Creates a site with a known id, for seeding and imports.</summary>
    public Site(Guid id, string code, string name, string timeZoneId)
        : this(code, name, timeZoneId)
    {
        Id = id;
    }

    /// <summary>Short unique code, e.g. "DOWNTOWN".</summary>
    public string Code { get; private set; }

    /// <summary>Display name.</summary>
    public string Name { get; private set; }

    /// <summary>IANA time zone of the site, e.g. "America/Chicago"; local schedules are computed in it.</summary>
    public string TimeZoneId { get; private set; }

    /// <summary>Opening hours per weekday, in local time; a weekday without any is closed.</summary>
    public IReadOnlyList<OpeningHours> OpeningHours { get; private set; }

    /// <summary>Holidays and one-off closures, in local dates.</summary>
    public IReadOnlyList<Closure> Closures { get; private set; }

    /// <summary>Date the site was certified in the Spravato REMS; null when not certified (no esketamine sessions).</summary>
    public DateOnly? RemsCertifiedOn { get; private set; }

    /// <summary>The REMS certification reference of the outpatient setting.</summary>
    public string? RemsCertificationReference { get; private set; }

    /// <summary>The vitals values that raise an alert at this site (defaults unless configured).</summary>
    public AlertThresholds AlertThresholds { get; private set; }

    /// <summary>Replaces the site's alert thresholds.</summary>
    public void SetAlertThresholds(AlertThresholds thresholds) => AlertThresholds = thresholds;

    /// <summary>The site's reminder offsets (defaults unless configured).</summary>
    public ReminderSettings ReminderSettings { get; private set; }

    /// <summary>Replaces the site's reminder offsets; reminders scheduled from now on use them.</summary>
    public void SetReminderSettings(ReminderSettings settings) => ReminderSettings = settings;

    /// <summary>The calendar the scheduler plans in.</summary>
    public SiteCalendar Calendar() => new(TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId), OpeningHours, Closures);

    /// <summary>Replaces opening hours and closures.</summary>
    public void SetSchedule(IEnumerable<OpeningHours> openingHours, IEnumerable<Closure> closures)
    {
        OpeningHours = [.. openingHours.OrderBy(h => h.Day).ThenBy(h => h.Opens)];
        Closures = [.. closures.OrderBy(c => c.From)];
    }

    /// <summary>Records (or clears, with nulls) the site's REMS certification.</summary>
    public void SetRemsCertification(DateOnly? certifiedOn, string? reference) =>
        (RemsCertifiedOn, RemsCertificationReference) = (certifiedOn, certifiedOn is null ? null : reference);

    /// <summary>Renames the site or moves it to another time zone.</summary>
    public void Update(string name, string timeZoneId)
    {
        Name = name;
        TimeZoneId = timeZoneId;
    }
}
