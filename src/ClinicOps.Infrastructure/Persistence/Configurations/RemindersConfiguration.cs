using ClinicOps.Domain.Events;
using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Reminders;
using ClinicOps.Domain.Sites;
using ClinicOps.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

/// <summary>
/// The outbox has no foreign keys, like the audit trail: an event outlives what it mentions. Its sequence is an
/// identity (PostgreSQL) or AUTOINCREMENT key (SQLite, never reused), read per site by (SiteId, Sequence).
/// </summary>
public sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("OutboxEvents");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedOnAdd().HasAnnotation("Sqlite:Autoincrement", true);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.HasIndex(e => e.Id).IsUnique();
        builder.HasIndex(e => new { e.SiteId, e.Sequence });
        builder.HasIndex(e => new { e.DispatchedAt, e.Sequence });
    }
}

public sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.ToTable("Reminders");
        builder.ConfigureAuditable();
        builder.HasOne<Site>().WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.Audience).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Label).HasMaxLength(32);
        builder.Property(r => r.CancellationReason).HasMaxLength(200);

        // The reminder job reads "scheduled and due" per site; lists read per patient and per site by due time.
        builder.HasIndex(r => new { r.SiteId, r.Status, r.DueAt });
        builder.HasIndex(r => new { r.PatientId, r.DueAt });
        builder.HasIndex(r => r.SubjectId);
        builder.HasIndex(r => r.AppointmentId);
        builder.HasIndex(r => r.EventId);
    }
}

public sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("WebhookSubscriptions");
        builder.ConfigureAuditable();
        builder.HasOne<Site>().WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.EventTypes).HasJsonConversion();
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.PreviousSecret).HasMaxLength(100);
        builder.HasIndex(s => s.SiteId);
    }
}

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.ConfigureAuditable();
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Site>().WithMany().HasForeignKey(d => d.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(200);

        // One delivery per event and subscription: a fan-out that runs twice creates nothing twice.
        builder.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SiteId, d.Status });
        builder.HasIndex(d => d.EventId);
    }
}
