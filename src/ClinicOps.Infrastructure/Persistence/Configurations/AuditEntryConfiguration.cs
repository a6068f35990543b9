using ClinicOps.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

/// <summary>
/// No foreign keys on purpose: an entry must outlive anything it mentions and no cascade may ever reach it.
/// Database triggers (migration AuditTrail) reject UPDATE and DELETE.
/// </summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Subject).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(e => e.Roles).HasMaxLength(200);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.EntityType).HasMaxLength(64);
        builder.Property(e => e.EntityId).HasMaxLength(64);
        builder.Property(e => e.CorrelationId).HasMaxLength(64);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        builder.Property(e => e.Operation).HasMaxLength(200);
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.PatientId, e.OccurredAt });
        builder.HasIndex(e => new { e.Subject, e.OccurredAt });
        builder.HasIndex(e => new { e.SiteId, e.OccurredAt });
    }
}
