using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

public sealed class IntakeScreeningConfiguration : IEntityTypeConfiguration<IntakeScreening>
{
    public void Configure(EntityTypeBuilder<IntakeScreening> builder)
    {
        builder.ToTable("Screenings");
        builder.ConfigureAuditable();
        builder.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Site>().WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Input).HasJsonConversion();
        builder.Property(s => s.Thresholds).HasJsonConversion();
        builder.Property(s => s.Rules).HasJsonConversion();
        builder.Property(s => s.Treatment).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.RuleSetVersion).HasMaxLength(32);
        builder.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Phq9Severity).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.CssrsRisk).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.ReviewDecision).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.ReviewReason).HasMaxLength(1000);
        builder.Property(s => s.ReviewedBy).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(s => s.Indication).HasConversion<string>().HasMaxLength(48);
        builder.Property(s => s.Correction).HasJsonConversion();
        builder.Property(s => s.AcceptedFindings).HasJsonConversion();
        builder.Property(s => s.AcknowledgedBy).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(s => s.AcknowledgementNote).HasMaxLength(IntakeScreening.MaxNoteLength);
        builder.Ignore(s => s.ClearedForTreatment);
        builder.Ignore(s => s.AwaitingAcknowledgement);
        builder.Ignore(s => s.OverridableFindings);

        // Unique: two submissions racing from the same current screening (or from none) cannot both become current.
        builder.HasIndex(s => new { s.PatientId, s.Sequence }).IsUnique();
        builder.HasIndex(s => s.SupersedesId).IsUnique();
        builder.HasIndex(s => new { s.SiteId, s.Outcome, s.ReviewDecision });

        // The review queue's first half: urgent screenings nobody has acknowledged yet.
        builder.HasIndex(s => new { s.SiteId, s.Urgent, s.AcknowledgedAt });
    }
}
