using ClinicOps.Domain.Events;
using ClinicOps.Domain.Reminders;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.Sites;
using ClinicOps.Domain.TreatmentDay;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Infrastructure.Events;

/// <summary>
/// Turns the tracked changes of a save into domain events (the outbox) and the reminders they call for, inside the
/// same SaveChanges: the change, its events and its reminders commit or roll back together, and no handler has to
/// remember to publish anything. Runs before stamping and auditing, so the reminders it adds or moves are stamped and
/// audited like any other record.
/// </summary>
public sealed class OutboxInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    // A singleton (the context is pooled): the transaction a save began for itself lives on that context.
    private static IDbContextTransaction? TakeOwnTransaction(DbContext? context)
    {
        if (context is not ClinicOpsDbContext db || db.OutboxTransaction is not { } transaction)
        {
            return null;
        }

        db.OutboxTransaction = null;
        return transaction;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await new Capture(context, clock.GetUtcNow()).RunAsync(cancellationToken);
            await KeepFeedOrderAsync(context, cancellationToken);
        }

        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (TakeOwnTransaction(eventData.Context) is { } transaction)
        {
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        await EndOwnTransactionAsync(eventData.Context);
        await base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        await EndOwnTransactionAsync(eventData.Context);
        await base.SaveChangesCanceledAsync(eventData, cancellationToken);
    }

    private static async Task EndOwnTransactionAsync(DbContext? context)
    {
        if (TakeOwnTransaction(context) is { } transaction)
        {
            await transaction.DisposeAsync(); // rolls back
        }
    }

    /// <summary>
    /// Readers resume a site's feed after the last sequence they saw, so a site's events must become visible in sequence
    /// order. PostgreSQL hands out identity values at insert, not at commit: two concurrent transactions could commit
    /// 12 before 11, and a reader between the commits would skip 11 for good. So a transaction that adds events for a
    /// site first takes that site's transaction-scoped advisory lock (sites in a fixed order): writers of one site's
    /// events commit one after another, in sequence order. SQLite has one writer at a time anyway.
    /// </summary>
    private static async Task KeepFeedOrderAsync(DbContext context, CancellationToken ct)
    {
        if (context is not ClinicOpsDbContext { IsSqlite: false } db)
        {
            return;
        }

        var sites = db.ChangeTracker.Entries<OutboxEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.SiteId).Distinct().Order().ToList();
        if (sites.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            db.OutboxTransaction = await db.Database.BeginTransactionAsync(ct);
        }

        foreach (var site in sites)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))", ["outbox:" + site.ToString("D")], ct);
        }
    }

    // ClinicOps saves asynchronously; the synchronous path exists for tools and seeding and takes the same route.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            new Capture(context, clock.GetUtcNow()).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            KeepFeedOrderAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }

        return base.SavingChanges(eventData, result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (TakeOwnTransaction(eventData.Context) is { } transaction)
        {
            transaction.Commit();
            transaction.Dispose();
        }

        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        EndOwnTransactionAsync(eventData.Context).GetAwaiter().GetResult();
        base.SaveChangesFailed(eventData);
    }

    private sealed class Capture(DbContext db, DateTimeOffset now)
    {
        private readonly Dictionary<Guid, ReminderSettings> _settings = [];

        public async Task RunAsync(CancellationToken ct)
        {
            // Snapshots: the capture adds entities of its own while it walks the changes.
            foreach (var entry in db.ChangeTracker.Entries<Appointment>().ToList())
            {
                await AppointmentChangedAsync(entry, ct);
            }

            foreach (var entry in db.ChangeTracker.Entries<TreatmentSession>().Where(e => e.State == EntityState.Modified).ToList())
            {
                await SessionChangedAsync(entry, ct);
            }

            foreach (var entry in db.ChangeTracker.Entries<SessionAlert>().Where(e => e.State == EntityState.Added).ToList())
            {
                var alert = entry.Entity;
                Publish(alert.SiteId, alert.PatientId, EventTypes.AlertRaised, alert.Id, new
                {
                    alertId = alert.Id, sessionId = alert.SessionId, readingId = alert.ReadingId, kind = alert.Kind.ToString(),
                });
            }

            foreach (var entry in db.ChangeTracker.Entries<IntakeScreening>().ToList())
            {
                await ScreeningChangedAsync(entry, ct);
            }

            foreach (var entry in db.ChangeTracker.Entries<RemsMonitoringRecord>().ToList())
            {
                await RemsRecordChangedAsync(entry, ct);
            }

            foreach (var entry in db.ChangeTracker.Entries<TreatmentCourse>().Where(e => e.State == EntityState.Modified).ToList())
            {
                await CourseChangedAsync(entry, ct);
            }
        }

        private async Task AppointmentChangedAsync(EntityEntry<Appointment> entry, CancellationToken ct)
        {
            var appointment = entry.Entity;
            if (entry.State == EntityState.Added)
            {
                Publish(appointment, EventTypes.AppointmentBooked, previousStartsAt: null);
                if (appointment.Kind == AppointmentKind.Dosing && appointment.IsBooked)
                {
                    var settings = await SettingsAsync(appointment.SiteId, ct);
                    foreach (var planned in ReminderPlanner.BeforeDosingSession(appointment.StartsAt, settings, now))
                    {
                        Schedule(appointment.SiteId, appointment.PatientId, appointment.Id, appointment.Id, planned);
                    }

                    await MaintenanceCapAsync(appointment, settings, ct);
                }

                return;
            }

            if (entry.State != EntityState.Modified)
            {
                return;
            }

            var status = entry.Property(a => a.Status);
            if (status.OriginalValue != status.CurrentValue)
            {
                if (appointment.Status == AppointmentStatus.Cancelled)
                {
                    Publish(appointment, EventTypes.AppointmentCancelled, previousStartsAt: null);
                    foreach (var reminder in await ScheduledForAppointmentAsync(appointment.Id, ct))
                    {
                        reminder.Cancel("The session was cancelled.");
                    }
                }
                else if (appointment.Status == AppointmentStatus.NoShow)
                {
                    Publish(appointment, EventTypes.AppointmentNoShow, previousStartsAt: null);
                    foreach (var reminder in await ScheduledForAppointmentAsync(appointment.Id, ct))
                    {
                        reminder.Cancel("The patient did not come.");
                    }

                    var settings = await SettingsAsync(appointment.SiteId, ct);
                    Schedule(appointment.SiteId, appointment.PatientId, appointment.Id, appointment.Id, ReminderPlanner.AfterNoShow(now, settings));
                }

                return;
            }

            var startsAt = entry.Property(a => a.StartsAt);
            if (startsAt.OriginalValue != startsAt.CurrentValue)
            {
                Publish(appointment, EventTypes.AppointmentRescheduled, startsAt.OriginalValue);
                if (appointment.Kind == AppointmentKind.Dosing)
                {
                    await MoveRemindersAsync(appointment, await SettingsAsync(appointment.SiteId, ct), ct);
                }
            }
        }

        // Rescheduling moves the reminders it has (same ids), cancels those whose time has passed, adds any newly due.
        private async Task MoveRemindersAsync(Appointment appointment, ReminderSettings settings, CancellationToken ct)
        {
            var existing = (await ScheduledForAppointmentAsync(appointment.Id, ct))
                .Where(r => r.Kind is ReminderKind.AppointmentReminder or ReminderKind.Phq9SelfReportDue)
                .ToList();
            var plan = ReminderPlanner.BeforeDosingSession(appointment.StartsAt, settings, now);
            foreach (var reminder in existing)
            {
                var moved = plan.FirstOrDefault(p => p.Kind == reminder.Kind && p.Label == reminder.Label);
                if (moved is null)
                {
                    reminder.Cancel("The session was moved; this reminder's time has passed.");
                }
                else
                {
                    reminder.MoveTo(moved.DueAt);
                }
            }

            foreach (var planned in plan.Where(p => !existing.Any(r => r.Kind == p.Kind && r.Label == p.Label)))
            {
                Schedule(appointment.SiteId, appointment.PatientId, appointment.Id, appointment.Id, planned);
            }
        }

        private async Task MaintenanceCapAsync(Appointment appointment, ReminderSettings settings, CancellationToken ct)
        {
            if (appointment.Phase != CoursePhase.Maintenance || appointment.CourseId is not { } courseId)
            {
                return;
            }

            var course = await db.Set<TreatmentCourse>().FindAsync([courseId], ct);
            if (course is not null && course.MaintenanceSessionsAllowed > 0 && appointment.SessionNumber == course.MaintenanceSessionsAllowed)
            {
                Schedule(appointment.SiteId, appointment.PatientId, course.Id, appointment.Id,
                    ReminderPlanner.AfterLastAllowedMaintenanceSession(appointment.EndsAt, settings));
            }
        }

        private async Task SessionChangedAsync(EntityEntry<TreatmentSession> entry, CancellationToken ct)
        {
            var status = entry.Property(s => s.Status);
            if (status.OriginalValue == status.CurrentValue)
            {
                return;
            }

            var session = entry.Entity;
            var settings = await SettingsAsync(session.SiteId, ct);
            if (status.OriginalValue == SessionStatus.CheckedIn && session.Status == SessionStatus.Monitoring)
            {
                var dosedAt = session.DosingStartedAt ?? now;
                Publish(session.SiteId, session.PatientId, EventTypes.DoseGiven, session.Id, new
                {
                    sessionId = session.Id, appointmentId = session.AppointmentId, courseId = session.CourseId, treatment = session.Treatment,
                    phase = session.Phase, doseMg = session.Dose?.DoseMg, dosedAt,
                });
                Schedule(session.SiteId, session.PatientId, session.Id, session.AppointmentId, ReminderPlanner.AfterDose(dosedAt, settings));
            }
            else if (session.IsLocked && session.End is { } end)
            {
                Publish(session.SiteId, session.PatientId, EventTypes.PatientDischarged, session.Id, new
                {
                    sessionId = session.Id, appointmentId = session.AppointmentId, courseId = session.CourseId, dischargedAt = end.At,
                    leftEarly = end.EarlyDeparture,
                });
                Schedule(session.SiteId, session.PatientId, session.Id, session.AppointmentId, ReminderPlanner.AfterSessionEnded(end.At, settings));
            }
        }

        private async Task ScreeningChangedAsync(EntityEntry<IntakeScreening> entry, CancellationToken ct)
        {
            var screening = entry.Entity;
            if (entry.State == EntityState.Added && screening.Urgent)
            {
                Publish(screening.SiteId, screening.PatientId, EventTypes.ScreeningUrgent, screening.Id, new { screeningId = screening.Id });
                var settings = await SettingsAsync(screening.SiteId, ct);
                Schedule(screening.SiteId, screening.PatientId, screening.Id, null, ReminderPlanner.AfterUrgentScreening(now, settings));
            }
            else if (entry.State == EntityState.Modified && entry.Property(s => s.AcknowledgedAt) is { OriginalValue: null, CurrentValue: not null })
            {
                await CancelForSubjectAsync(screening.Id, "The screening was acknowledged.", ct);
            }
        }

        private async Task RemsRecordChangedAsync(EntityEntry<RemsMonitoringRecord> entry, CancellationToken ct)
        {
            var record = entry.Entity;
            if (entry.State == EntityState.Added)
            {
                var settings = await SettingsAsync(record.SiteId, ct);
                // The session ends in the same transaction that produces its record.
                var session = db.ChangeTracker.Entries<TreatmentSession>().Select(e => e.Entity).FirstOrDefault(s => s.Id == record.SessionId)
                    ?? await db.Set<TreatmentSession>().FindAsync([record.SessionId], ct);
                var sessionEndedAt = session?.End?.At ?? record.DueBy.AddDays(-RemsMonitoringRecord.DueWithinDays);
                foreach (var planned in ReminderPlanner.ForRemsRecord(sessionEndedAt, record.DueBy, settings))
                {
                    Schedule(record.SiteId, record.PatientId, record.Id, null, planned);
                }
            }
            else if (entry.State == EntityState.Modified && entry.Property(r => r.SubmittedAt) is { OriginalValue: null, CurrentValue: not null })
            {
                await CancelForSubjectAsync(record.Id, "The REMS record was submitted.", ct);
            }
        }

        private async Task CourseChangedAsync(EntityEntry<TreatmentCourse> entry, CancellationToken ct)
        {
            var phase = entry.Property(c => c.Phase);
            if (phase.OriginalValue == CoursePhase.Induction && phase.CurrentValue is not (CoursePhase.Induction or CoursePhase.Stopped))
            {
                var course = entry.Entity;
                var settings = await SettingsAsync(course.SiteId, ct);
                Schedule(course.SiteId, course.PatientId, course.Id, null, ReminderPlanner.AfterInductionEnded(now, settings));
            }
        }

        private void Publish(Appointment a, string type, DateTimeOffset? previousStartsAt) =>
            Publish(a.SiteId, a.PatientId, type, a.Id, new
            {
                appointmentId = a.Id, kind = a.Kind, status = a.Status, startsAt = a.StartsAt, endsAt = a.EndsAt, previousStartsAt,
                chairId = a.ChairId, courseId = a.CourseId, phase = a.Phase, sessionNumber = a.SessionNumber,
            });

        private void Publish(Guid siteId, Guid? patientId, string type, Guid subjectId, object data) =>
            db.Set<OutboxEvent>().Add(new OutboxEvent(siteId, patientId, type, subjectId, now, EventJson.Serialize(data)));

        private void Schedule(Guid siteId, Guid patientId, Guid subjectId, Guid? appointmentId, PlannedReminder planned) =>
            db.Set<Reminder>().Add(new Reminder(siteId, patientId, subjectId, planned.Kind, planned.Label, planned.DueAt, appointmentId));

        private async Task<List<Reminder>> ScheduledForAppointmentAsync(Guid appointmentId, CancellationToken ct)
        {
            var stored = await db.Set<Reminder>()
                .Where(r => r.AppointmentId == appointmentId && r.Status == ReminderStatus.Scheduled)
                .ToListAsync(ct);
            var added = db.ChangeTracker.Entries<Reminder>()
                .Where(e => e.State == EntityState.Added && e.Entity.AppointmentId == appointmentId)
                .Select(e => e.Entity);
            return [.. stored.Union(added)];
        }

        private async Task CancelForSubjectAsync(Guid subjectId, string reason, CancellationToken ct)
        {
            var scheduled = await db.Set<Reminder>().Where(r => r.SubjectId == subjectId && r.Status == ReminderStatus.Scheduled).ToListAsync(ct);
            foreach (var reminder in scheduled)
            {
                reminder.Cancel(reason);
            }
        }

        private async Task<ReminderSettings> SettingsAsync(Guid siteId, CancellationToken ct)
        {
            if (!_settings.TryGetValue(siteId, out var settings))
            {
                var site = await db.Set<Site>().FindAsync([siteId], ct);
                _settings[siteId] = settings = site?.ReminderSettings ?? ReminderSettings.Default;
            }

            return settings;
        }
    }
}
