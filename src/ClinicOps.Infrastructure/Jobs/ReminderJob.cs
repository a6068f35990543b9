using ClinicOps.Application.Authorizations;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Authorizations;
using ClinicOps.Domain.Events;
using ClinicOps.Domain.Reminders;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Infrastructure.Events;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ClinicOps.Infrastructure.Jobs;

/// <summary>
/// Publishes due reminders: each becomes an outbox event (<c>reminder.due</c>, or <c>rems.record-overdue</c> at a REMS
/// deadline) in the same transaction that marks it sent, so a run repeated after a crash, or on a node wrongly
/// declared dead, finds it sent and publishes nothing twice. A conditional reminder whose condition was met meanwhile
/// (therapy booked, record submitted, screening acknowledged, PA no longer approved) is cancelled instead.
/// Before publishing, it raises the prior-authorization reminders no change causes (a date coming near): one staff
/// reminder per PA and kind, ever (ADR 0015).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ReminderJob(SiteScopes sites, TimeProvider clock, JobOptions options, ILogger<ReminderJob> logger) : IJob
{
    public static readonly JobKey Key = new("reminders", "clinicops");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        foreach (var siteId in await sites.SiteIdsAsync(ct))
        {
            await sites.RunAsync("reminders", siteId, (_, db) => RaisePriorAuthorizationRemindersAsync(db, siteId, ct));
            while (await sites.RunAsync("reminders", siteId, (_, db) => PublishBatchAsync(db, ct)) == options.BatchSize)
            {
            }
        }
    }

    // Idempotent: a PA that already has a reminder of a kind (in any status) gets none again. The job never runs twice
    // at once (DisallowConcurrentExecution, clustered on the shared store), so check-then-insert cannot race itself.
    private async Task<int> RaisePriorAuthorizationRemindersAsync(ClinicOpsDbContext db, Guid siteId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var timeZoneId = await db.Sites.Where(s => s.Id == siteId).Select(s => s.TimeZoneId).SingleAsync(ct);
        var due = await PriorAuthorizationRemindersDue.ForSiteAsync(db, siteId, timeZoneId, now, ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var ids = due.Select(d => d.Authorization.Id).ToList();
        var raised = (await db.Reminders
                .Where(r => ids.Contains(r.SubjectId)
                    && (r.Kind == ReminderKind.PriorAuthorizationExpiring || r.Kind == ReminderKind.PriorAuthorizationFewSessionsLeft))
                .Select(r => new { r.SubjectId, r.Kind }).ToListAsync(ct))
            .Select(r => (r.SubjectId, r.Kind)).ToHashSet();
        var added = 0;
        foreach (var (authorization, _, reminders) in due)
        {
            foreach (var planned in reminders.Select(r => ReminderPlanner.ForPriorAuthorization(r, now)))
            {
                if (raised.Add((authorization.Id, planned.Kind)))
                {
                    db.Reminders.Add(new Reminder(authorization.SiteId, authorization.PatientId, authorization.Id, planned.Kind, planned.Label, planned.DueAt, null));
                    added++;
                }
            }
        }

        await db.SaveChangesAsync(ct);
        return added;
    }

    private async Task<int> PublishBatchAsync(ClinicOpsDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Reminders
            .Where(r => r.Status == ReminderStatus.Scheduled && r.DueAt <= now)
            .OrderBy(r => r.DueAt).ThenBy(r => r.Id)
            .Take(options.BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        foreach (var reminder in due)
        {
            if (!ReminderPlanner.IsStillNeeded(reminder.Kind, await ConditionMetAsync(db, reminder, now, ct)))
            {
                reminder.Cancel(reminder.Kind is ReminderKind.AppointmentReminder or ReminderKind.Phq9SelfReportDue
                    ? "The session began (or was no longer booked) before the reminder went out."
                    : "Done before it was due.");
                continue;
            }

            var type = reminder.Kind == ReminderKind.RemsRecordOverdue ? EventTypes.RemsRecordOverdue : EventTypes.ReminderDue;
            var startsAt = reminder.AppointmentId is { } appointmentId
                ? await db.Appointments.Where(a => a.Id == appointmentId).Select(a => (DateTimeOffset?)a.StartsAt).SingleOrDefaultAsync(ct)
                : null;
            var outboxEvent = new OutboxEvent(reminder.SiteId, reminder.PatientId, type, reminder.Id, now, EventJson.Serialize(new
            {
                reminderId = reminder.Id, kind = reminder.Kind, audience = reminder.Audience, label = reminder.Label, dueAt = reminder.DueAt,
                patientId = reminder.PatientId, subjectId = reminder.SubjectId, appointmentId = reminder.AppointmentId, startsAt,
                preparationRules = reminder.Kind == ReminderKind.AppointmentReminder ? ReminderPlanner.PreparationRules : null,
            }));
            db.OutboxEvents.Add(outboxEvent);
            reminder.MarkSent(outboxEvent.Id, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (PreconditionFailedException)
        {
            // Another node (or a request) changed one of these reminders first; the next run sees what it did.
            LogConflict(logger);
            return 0;
        }

        return due.Count;
    }

    private static async Task<bool> ConditionMetAsync(ClinicOpsDbContext db, Reminder reminder, DateTimeOffset now, CancellationToken ct) => reminder.Kind switch
    {
        ReminderKind.AppointmentReminder or ReminderKind.Phq9SelfReportDue => !await db.Appointments.AnyAsync(
            a => a.Id == reminder.AppointmentId && a.Status == AppointmentStatus.Booked && a.StartsAt > now, ct),
        ReminderKind.IntegrationTherapyNudge => await IntegrationTherapyBookedAsync(db, reminder, ct),
        ReminderKind.FollowUpVisitNudge => await FollowUpBookedAsync(db, reminder, ct),
        ReminderKind.RemsRecordNotSubmitted or ReminderKind.RemsRecordOverdue =>
            await db.RemsMonitoringRecords.AnyAsync(r => r.Id == reminder.SubjectId && r.SubmittedAt != null, ct),
        ReminderKind.UrgentScreeningUnacknowledged =>
            await db.Screenings.AnyAsync(s => s.Id == reminder.SubjectId && s.AcknowledgedAt != null, ct),
        ReminderKind.PriorAuthorizationExpiring or ReminderKind.PriorAuthorizationFewSessionsLeft =>
            !await db.PriorAuthorizations.AnyAsync(p => p.Id == reminder.SubjectId && p.Status == PriorAuthorizationStatus.Approved, ct),
        _ => false,
    };

    // Any integration therapy booked to start after the dose counts, whenever it was booked.
    private static async Task<bool> IntegrationTherapyBookedAsync(ClinicOpsDbContext db, Reminder reminder, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == reminder.SiteId, ct);
        var dosedAt = reminder.DueAt.AddHours(-site.ReminderSettings.IntegrationTherapyNudgeHoursAfterDose);
        return await db.Appointments.AnyAsync(
            a => a.PatientId == reminder.PatientId && a.Kind == AppointmentKind.IntegrationTherapy && a.Status == AppointmentStatus.Booked
                && a.StartsAt >= dosedAt, ct);
    }

    private static async Task<bool> FollowUpBookedAsync(ClinicOpsDbContext db, Reminder reminder, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == reminder.SiteId, ct);
        var inductionEndedAt = reminder.DueAt.AddHours(-site.ReminderSettings.FollowUpVisitNudgeHoursAfterInduction);
        var windowEnd = inductionEndedAt.AddDays(site.ReminderSettings.FollowUpVisitWithinDays);
        return await db.Appointments.AnyAsync(
            a => a.PatientId == reminder.PatientId && a.Kind == AppointmentKind.FollowUpVisit && a.Status == AppointmentStatus.Booked
                && a.StartsAt >= inductionEndedAt && a.StartsAt <= windowEnd, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder batch changed concurrently; left for the next run.")]
    private static partial void LogConflict(ILogger logger);
}
