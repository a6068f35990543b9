using ClinicOps.Application.Common;
using ClinicOps.Domain.Reminders;
using FluentValidation;
using MediatR;

namespace ClinicOps.Application.Sites;

/// <summary>A site's reminder offsets (full replacement; reminders scheduled from then on use them).</summary>
public sealed record ReminderSettingsRequest
{
    /// <summary>Hours before a dosing session at which the patient is reminded, with the preparation rules: 1-4 distinct values, each 1-336 (default 48 and 24).</summary>
    /// <example>[48, 24]</example>
    public IReadOnlyList<int>? AppointmentReminderHoursBefore { get; init; }

    /// <summary>Hours after a session ends for the next-day check-in, 4-72 (default 20).</summary>
    /// <example>20</example>
    public int? NextDayCheckInHoursAfter { get; init; }

    /// <summary>Hours after a dose by which integration therapy should be booked, else the patient is nudged, 1-72 (default 24).</summary>
    /// <example>24</example>
    public int? IntegrationTherapyNudgeHoursAfterDose { get; init; }

    /// <summary>Days after the induction within which a follow-up visit should be booked, 1-14 (default 7).</summary>
    /// <example>7</example>
    public int? FollowUpVisitWithinDays { get; init; }

    /// <summary>Hours after the induction ends at which the follow-up nudge is sent if no visit is booked, 1-168 (default 24).</summary>
    /// <example>24</example>
    public int? FollowUpVisitNudgeHoursAfterInduction { get; init; }

    /// <summary>Hours after the last maintenance session a re-evaluation allowed, for the re-evaluation reminder, 1-336 (default 24).</summary>
    /// <example>24</example>
    public int? MaintenanceReevaluationHoursAfterLastSession { get; init; }

    /// <summary>Hours before a dosing session at which the PHQ-9 self-report is asked for, 1-168 (default 24).</summary>
    /// <example>24</example>
    public int? Phq9HoursBefore { get; init; }

    /// <summary>Days after a session at which staff are reminded of an unsubmitted REMS record, 1-6 (default 5; the deadline is 7).</summary>
    /// <example>5</example>
    public int? RemsRecordReminderDaysAfterSession { get; init; }

    /// <summary>Minutes after a no-show at which staff are reminded to follow up, 0-1440 (default 60).</summary>
    /// <example>60</example>
    public int? NoShowFollowUpMinutesAfter { get; init; }

    /// <summary>Minutes an urgent screening may wait for acknowledgement before staff are reminded, 5-240 (default 60).</summary>
    /// <example>60</example>
    public int? UrgentScreeningAcknowledgementMinutes { get; init; }
}

/// <summary>A site's reminder offsets.</summary>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="AppointmentReminderHoursBefore">Hours before a dosing session.</param>
/// <param name="NextDayCheckInHoursAfter" example="20">Hours after the session for the check-in.</param>
/// <param name="IntegrationTherapyNudgeHoursAfterDose" example="24">Hours after a dose for the integration-therapy nudge.</param>
/// <param name="FollowUpVisitWithinDays" example="7">Days after the induction for a follow-up visit.</param>
/// <param name="FollowUpVisitNudgeHoursAfterInduction" example="24">Hours after the induction for the follow-up nudge.</param>
/// <param name="MaintenanceReevaluationHoursAfterLastSession" example="24">Hours after the last allowed maintenance session.</param>
/// <param name="Phq9HoursBefore" example="24">Hours before a session for the PHQ-9 self-report.</param>
/// <param name="RemsRecordReminderDaysAfterSession" example="5">Days after a session for the REMS record reminder.</param>
/// <param name="NoShowFollowUpMinutesAfter" example="60">Minutes after a no-show.</param>
/// <param name="UrgentScreeningAcknowledgementMinutes" example="60">Minutes an urgent screening may wait.</param>
public sealed record ReminderSettingsResponse(
    Guid SiteId, IReadOnlyList<int> AppointmentReminderHoursBefore, int NextDayCheckInHoursAfter, int IntegrationTherapyNudgeHoursAfterDose,
    int FollowUpVisitWithinDays, int FollowUpVisitNudgeHoursAfterInduction, int MaintenanceReevaluationHoursAfterLastSession, int Phq9HoursBefore,
    int RemsRecordReminderDaysAfterSession, int NoShowFollowUpMinutesAfter, int UrgentScreeningAcknowledgementMinutes)
{
    internal static ReminderSettingsResponse From(Guid siteId, ReminderSettings s) => new(
        siteId, s.AppointmentReminderHoursBefore, s.NextDayCheckInHoursAfter, s.IntegrationTherapyNudgeHoursAfterDose, s.FollowUpVisitWithinDays,
        s.FollowUpVisitNudgeHoursAfterInduction, s.MaintenanceReevaluationHoursAfterLastSession, s.Phq9HoursBefore, s.RemsRecordReminderDaysAfterSession,
        s.NoShowFollowUpMinutesAfter, s.UrgentScreeningAcknowledgementMinutes);
}

/// <summary>Replaces a site's reminder offsets.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
/// <param name="Settings">The offsets.</param>
public sealed record ReplaceReminderSettings(Guid SiteId, int? ExpectedVersion, ReminderSettingsRequest Settings) : IRequest<Versioned<ReminderSettingsResponse>>;

/// <summary>Reads a site's reminder offsets.</summary>
/// <param name="SiteId">Site id.</param>
public sealed record GetReminderSettings(Guid SiteId) : IRequest<Versioned<ReminderSettingsResponse>>;

/// <summary>Rules for <see cref="ReplaceReminderSettings"/>.</summary>
public sealed class ReplaceReminderSettingsValidator : AbstractValidator<ReplaceReminderSettings>
{
    /// <summary>Creates the validator.</summary>
    public ReplaceReminderSettingsValidator()
    {
        RuleFor(r => r.Settings.AppointmentReminderHoursBefore).NotNull().Must(h => h is { Count: >= 1 and <= 4 } && h.Distinct().Count() == h.Count && h.All(x => x is >= 1 and <= 336))
            .WithMessage("1 to 4 distinct values, each 1-336 hours.").OverridePropertyName("appointmentReminderHoursBefore");
        RuleFor(r => r.Settings.NextDayCheckInHoursAfter).NotNull().InclusiveBetween(4, 72).OverridePropertyName("nextDayCheckInHoursAfter");
        RuleFor(r => r.Settings.IntegrationTherapyNudgeHoursAfterDose).NotNull().InclusiveBetween(1, 72).OverridePropertyName("integrationTherapyNudgeHoursAfterDose");
        RuleFor(r => r.Settings.FollowUpVisitWithinDays).NotNull().InclusiveBetween(1, 14).OverridePropertyName("followUpVisitWithinDays");
        RuleFor(r => r.Settings.FollowUpVisitNudgeHoursAfterInduction).NotNull().InclusiveBetween(1, 168).OverridePropertyName("followUpVisitNudgeHoursAfterInduction");
        RuleFor(r => r.Settings.MaintenanceReevaluationHoursAfterLastSession).NotNull().InclusiveBetween(1, 336).OverridePropertyName("maintenanceReevaluationHoursAfterLastSession");
        RuleFor(r => r.Settings.Phq9HoursBefore).NotNull().InclusiveBetween(1, 168).OverridePropertyName("phq9HoursBefore");
        RuleFor(r => r.Settings.RemsRecordReminderDaysAfterSession).NotNull().InclusiveBetween(1, 6).OverridePropertyName("remsRecordReminderDaysAfterSession");
        RuleFor(r => r.Settings.NoShowFollowUpMinutesAfter).NotNull().InclusiveBetween(0, 1440).OverridePropertyName("noShowFollowUpMinutesAfter");
        RuleFor(r => r.Settings.UrgentScreeningAcknowledgementMinutes).NotNull().InclusiveBetween(5, 240).OverridePropertyName("urgentScreeningAcknowledgementMinutes");
    }
}

/// <summary>Handles the reminder-settings use cases.</summary>
public sealed class ReminderSettingsHandler(IClinicOpsDbContext db, ICurrentUser user) :
    IRequestHandler<ReplaceReminderSettings, Versioned<ReminderSettingsResponse>>,
    IRequestHandler<GetReminderSettings, Versioned<ReminderSettingsResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<ReminderSettingsResponse>> Handle(ReplaceReminderSettings request, CancellationToken cancellationToken)
    {
        var site = await SiteAccess.FindCallersSiteAsync(db, user, request.SiteId, cancellationToken);
        if (request.ExpectedVersion is { } expected && expected != site.Version)
        {
            throw new PreconditionFailedException("Site", site.Version);
        }

        var s = request.Settings;
        site.SetReminderSettings(new ReminderSettings
        {
            AppointmentReminderHoursBefore = [.. s.AppointmentReminderHoursBefore!.OrderDescending()],
            NextDayCheckInHoursAfter = s.NextDayCheckInHoursAfter!.Value,
            IntegrationTherapyNudgeHoursAfterDose = s.IntegrationTherapyNudgeHoursAfterDose!.Value,
            FollowUpVisitWithinDays = s.FollowUpVisitWithinDays!.Value,
            FollowUpVisitNudgeHoursAfterInduction = s.FollowUpVisitNudgeHoursAfterInduction!.Value,
            MaintenanceReevaluationHoursAfterLastSession = s.MaintenanceReevaluationHoursAfterLastSession!.Value,
            Phq9HoursBefore = s.Phq9HoursBefore!.Value,
            RemsRecordReminderDaysAfterSession = s.RemsRecordReminderDaysAfterSession!.Value,
            NoShowFollowUpMinutesAfter = s.NoShowFollowUpMinutesAfter!.Value,
            UrgentScreeningAcknowledgementMinutes = s.UrgentScreeningAcknowledgementMinutes!.Value,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new Versioned<ReminderSettingsResponse>(ReminderSettingsResponse.From(site.Id, site.ReminderSettings), site.Version);
    }

    /// <inheritdoc />
    public async Task<Versioned<ReminderSettingsResponse>> Handle(GetReminderSettings request, CancellationToken cancellationToken)
    {
        var site = await SiteAccess.FindCallersSiteAsync(db, user, request.SiteId, cancellationToken);
        return new Versioned<ReminderSettingsResponse>(ReminderSettingsResponse.From(site.Id, site.ReminderSettings), site.Version);
    }
}
