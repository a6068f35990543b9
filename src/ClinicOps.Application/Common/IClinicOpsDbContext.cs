using ClinicOps.Domain.Events;
using ClinicOps.Domain.Reminders;
using ClinicOps.Domain.Webhooks;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Authorizations;
using ClinicOps.Domain.Billing;
using ClinicOps.Domain.Inventory;
using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.Sites;
using ClinicOps.Domain.TreatmentDay;
using ClinicOps.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Application.Common;

/// <summary>
/// The one door from use cases to storage. Handlers query and change entities through it directly;
/// there is deliberately no repository layer over EF.
/// </summary>
public interface IClinicOpsDbContext
{
    /// <summary>Clinic sites.</summary>
    DbSet<Site> Sites { get; }

    /// <summary>Patients, filtered to the caller's sites.</summary>
    DbSet<Patient> Patients { get; }

    /// <summary>Intake screenings, filtered to the caller's sites.</summary>
    DbSet<IntakeScreening> Screenings { get; }

    /// <summary>The append-only audit trail (not site-filtered; queries filter by the caller's sites themselves).</summary>
    DbSet<AuditEntry> AuditEntries { get; }

    /// <summary>The protocol catalog (not site-scoped).</summary>
    DbSet<TreatmentProtocol> Protocols { get; }

    /// <summary>Treatment courses, filtered to the caller's sites.</summary>
    DbSet<TreatmentCourse> Courses { get; }

    /// <summary>Appointments, filtered to the caller's sites.</summary>
    DbSet<Appointment> Appointments { get; }

    /// <summary>Occupied chair slots; their primary key refuses double bookings.</summary>
    DbSet<ChairSlot> ChairSlots { get; }

    /// <summary>Occupied patient slots; their primary key refuses a patient in two places.</summary>
    DbSet<PatientSlot> PatientSlots { get; }

    /// <summary>Observation chairs, filtered to the caller's sites.</summary>
    DbSet<Chair> Chairs { get; }

    /// <summary>REMS enrollments of patients, filtered to the caller's sites.</summary>
    DbSet<RemsEnrollment> RemsEnrollments { get; }

    /// <summary>Treatment sessions (treatment days), filtered to the caller's sites.</summary>
    DbSet<TreatmentSession> TreatmentSessions { get; }

    /// <summary>Vitals readings (append-only), filtered to the caller's sites.</summary>
    DbSet<VitalsReading> VitalsReadings { get; }

    /// <summary>Alerts raised by readings, filtered to the caller's sites.</summary>
    DbSet<SessionAlert> SessionAlerts { get; }

    /// <summary>REMS monitoring records, filtered to the caller's sites.</summary>
    DbSet<RemsMonitoringRecord> RemsMonitoringRecords { get; }

    /// <summary>Reminders, filtered to the caller's sites.</summary>
    DbSet<Reminder> Reminders { get; }

    /// <summary>The outbox of domain events, filtered to the caller's sites.</summary>
    DbSet<OutboxEvent> OutboxEvents { get; }

    /// <summary>Webhook subscriptions, filtered to the caller's sites.</summary>
    DbSet<WebhookSubscription> WebhookSubscriptions { get; }

    /// <summary>Webhook deliveries, filtered to the caller's sites.</summary>
    DbSet<WebhookDelivery> WebhookDeliveries { get; }
    /// <summary>Schedule III lots (devices and vials) with their on-hand counts, filtered to the caller's sites.</summary>
    DbSet<InventoryLot> InventoryLots { get; }

    /// <summary>The append-only Schedule III ledger, filtered to the caller's sites.</summary>
    DbSet<LedgerEntry> LedgerEntries { get; }

    /// <summary>Physical counts reconciled with the ledger, filtered to the caller's sites.</summary>
    DbSet<InventoryCount> InventoryCounts { get; }

    /// <summary>The billing code table: which code bills what, by date of service (not site-scoped).</summary>
    DbSet<BillingCode> BillingCodes { get; }

    /// <summary>Payers' prior authorizations of courses, filtered to the caller's sites.</summary>
    DbSet<PriorAuthorization> PriorAuthorizations { get; }

    /// <summary>ClinicAdmins' overrides of the prior-authorization check, filtered to the caller's sites.</summary>
    DbSet<PriorAuthorizationOverride> PriorAuthorizationOverrides { get; }

    /// <summary>Starts a transaction spanning several saves (all or nothing).</summary>
    Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken);

    /// <summary>Saves all pending changes in one transaction.</summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs a hot read's several queries with the connection held open, instead of one open and close per query.
    /// Only queries belong inside: not a write, and not the read audit, which can wait for the audit writer (who needs
    /// a connection of the same pool). Opens are counted: inside a transaction, or inside another such call, this
    /// changes nothing.
    /// </summary>
    Task<T> OnOneConnectionAsync<T>(Func<Task<T>> reads, CancellationToken cancellationToken);
}
