using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Sites;
using ClinicOps.Domain.TreatmentDay;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

public sealed class TreatmentSessionConfiguration : IEntityTypeConfiguration<TreatmentSession>
{
    public void Configure(EntityTypeBuilder<TreatmentSession> builder)
    {
        builder.ToTable("TreatmentSessions");
        builder.ConfigureAuditable();
        builder.HasOne<Appointment>().WithMany().HasForeignKey(s => s.AppointmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TreatmentCourse>().WithMany().HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Site>().WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TreatmentProtocol>().WithMany().HasForeignKey(s => s.ProtocolId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Treatment).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Phase).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.CheckpointPlan).HasJsonConversion();
        builder.Property(s => s.CheckIn).HasJsonConversion();
        builder.Property(s => s.Overrides).HasJsonConversion();
        builder.Property(s => s.Dose).HasJsonConversion();
        builder.Property(s => s.Flags).HasJsonConversion();
        builder.Property(s => s.End).HasJsonConversion();
        builder.Ignore(s => s.IsLocked);
        builder.Ignore(s => s.ClockStartedAt);
        builder.Ignore(s => s.DosingStartedAt);
        builder.Ignore(s => s.Timeline);

        // One session per booked dosing appointment: a retried or raced check-in cannot open two.
        builder.HasIndex(s => s.AppointmentId).IsUnique();
        builder.HasIndex(s => new { s.SiteId, s.Status });
        builder.HasIndex(s => s.CourseId);
        builder.HasIndex(s => s.PatientId);
        builder.HasIndex(s => s.ProtocolId);
    }
}

public sealed class VitalsReadingConfiguration : IEntityTypeConfiguration<VitalsReading>
{
    public void Configure(EntityTypeBuilder<VitalsReading> builder)
    {
        builder.ToTable("VitalsReadings");
        builder.ConfigureAuditable();
        builder.HasOne<TreatmentSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Dissociation).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.Property(r => r.CorrectionReason).HasMaxLength(1000);
        builder.Ignore(r => r.Vitals);

        // A reading is corrected at most once; a later correction corrects the correction.
        builder.HasIndex(r => r.CorrectsId).IsUnique();
        builder.HasIndex(r => new { r.SessionId, r.MeasuredAt });

        // The observation board's change sequence counts a site's readings (ADR 0014).
        builder.HasIndex(r => r.SiteId);
    }
}

public sealed class SessionAlertConfiguration : IEntityTypeConfiguration<SessionAlert>
{
    public void Configure(EntityTypeBuilder<SessionAlert> builder)
    {
        builder.ToTable("SessionAlerts");
        builder.ConfigureAuditable();
        builder.HasOne<TreatmentSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<VitalsReading>().WithMany().HasForeignKey(a => a.ReadingId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Message).HasMaxLength(300);
        builder.Property(a => a.ResolvedBy).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(a => a.ResolutionNote).HasMaxLength(1000);
        builder.Ignore(a => a.IsOpen);
        builder.HasIndex(a => new { a.SessionId, a.ResolvedAt });
        builder.HasIndex(a => a.ReadingId);
        builder.HasIndex(a => a.SiteId);
    }
}

public sealed class RemsMonitoringRecordConfiguration : IEntityTypeConfiguration<RemsMonitoringRecord>
{
    public void Configure(EntityTypeBuilder<RemsMonitoringRecord> builder)
    {
        builder.ToTable("RemsMonitoringRecords");
        builder.ConfigureAuditable();
        builder.HasOne<TreatmentSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Treatment).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Form).HasJsonConversion();
        builder.Property(r => r.SubmittedBy).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(r => r.SubmissionReference).HasMaxLength(64);
        builder.Property(r => r.SubmissionMethod).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(r => r.SessionId).IsUnique();
        builder.HasIndex(r => new { r.SiteId, r.SubmittedAt, r.DueBy });
    }
}
