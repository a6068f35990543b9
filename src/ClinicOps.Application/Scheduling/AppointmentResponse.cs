using System.Globalization;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Scheduling;

namespace ClinicOps.Application.Scheduling;

/// <summary>A booked (or cancelled, or missed) appointment, with its time at the site.</summary>
/// <param name="Id" example="6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a">Appointment id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="CourseId" example="3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99">The course, when it belongs to one.</param>
/// <param name="Kind">Dosing, IntegrationTherapy or FollowUpVisit.</param>
/// <param name="Phase">Induction or Maintenance, for a dosing session.</param>
/// <param name="SessionNumber" example="3">Number of the dosing session within its phase.</param>
/// <param name="Label" example="induction 3/8">How staff name the session.</param>
/// <param name="Status">Booked, Cancelled or NoShow.</param>
/// <param name="StartsAt" example="2026-12-03T15:00:00+00:00">Start (UTC).</param>
/// <param name="EndsAt" example="2026-12-03T17:45:00+00:00">End (UTC); a dosing session holds its chair until then.</param>
/// <param name="LocalDate" example="2026-12-03">Date at the site.</param>
/// <param name="LocalTime" example="09:00">Start time at the site (HH:mm); kept across daylight-saving changes.</param>
/// <param name="TimeZoneId" example="America/Chicago">The site's time zone.</param>
/// <param name="ChairId" example="1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9">The observation chair of a dosing session.</param>
/// <param name="CancellationReason" example="Patient has the flu; will rebook.">Why it was cancelled.</param>
/// <param name="CreatedAt" example="2026-11-20T16:20:00+00:00">When it was booked (UTC).</param>
/// <param name="CreatedBy" example="frontdesk-avery">Who booked it.</param>
public sealed record AppointmentResponse(
    Guid Id,
    Guid PatientId,
    Guid SiteId,
    Guid? CourseId,
    AppointmentKind Kind,
    CoursePhase? Phase,
    int? SessionNumber,
    string Label,
    AppointmentStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateOnly LocalDate,
    string LocalTime,
    string TimeZoneId,
    Guid? ChairId,
    string? CancellationReason,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    internal static AppointmentResponse From(Appointment a, string timeZoneId, int? seriesSize) => new(
        a.Id, a.PatientId, a.SiteId, a.CourseId, a.Kind, a.Phase, a.SessionNumber, LabelOf(a, seriesSize), a.Status,
        a.StartsAt, a.EndsAt, DateOnly.FromDateTime(a.LocalStart), a.LocalStart.ToString("HH:mm", CultureInfo.InvariantCulture), timeZoneId,
        a.ChairId, a.CancellationReason, a.CreatedAt, a.CreatedBy);

    internal static string LabelOf(Appointment a, int? seriesSize) => a.Kind switch
    {
        AppointmentKind.Dosing when a.Phase == CoursePhase.Induction && seriesSize is { } size => $"induction {a.SessionNumber}/{size}",
        AppointmentKind.Dosing => $"{a.Phase?.ToString().ToLowerInvariant()} {a.SessionNumber}",
        AppointmentKind.IntegrationTherapy => "integration therapy",
        _ => "follow-up visit",
    };

    internal AuditTarget AuditTarget => new(nameof(Appointment), Id.ToString(), SiteId, PatientId);
}
