using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;
using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

public sealed class TreatmentProtocolConfiguration : IEntityTypeConfiguration<TreatmentProtocol>
{
    public void Configure(EntityTypeBuilder<TreatmentProtocol> builder)
    {
        builder.ToTable("Protocols");
        builder.ConfigureAuditable();
        builder.Property(p => p.Code).HasMaxLength(32);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Treatment).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Indication).HasConversion<string>().HasMaxLength(48);
        builder.Property(p => p.InductionWeekdays).HasJsonConversion();
        builder.Property(p => p.Doses).HasJsonConversion();
        builder.Property(p => p.RetirementReason).HasMaxLength(1000);
        builder.Ignore(p => p.SessionLength);
        builder.HasIndex(p => p.Code).IsUnique();
    }
}

public sealed class TreatmentCourseConfiguration : IEntityTypeConfiguration<TreatmentCourse>
{
    public void Configure(EntityTypeBuilder<TreatmentCourse> builder)
    {
        builder.ToTable("Courses");
        builder.ConfigureAuditable();
        builder.HasOne<Patient>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Site>().WithMany().HasForeignKey(c => c.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TreatmentProtocol>().WithMany().HasForeignKey(c => c.ProtocolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IntakeScreening>().WithMany().HasForeignKey(c => c.ScreeningId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.PrescribingClinician).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(c => c.Phase).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Transitions).HasJsonConversion();
        builder.Property(c => c.Reevaluations).HasJsonConversion();
        builder.Ignore(c => c.MaintenanceSessionsAllowed);
        builder.Ignore(c => c.HasEnded);
        builder.HasIndex(c => new { c.PatientId, c.Phase });
    }
}

public sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("Appointments");
        builder.ConfigureAuditable();
        builder.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Chair>().WithMany().HasForeignKey(a => a.ChairId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TreatmentCourse>().WithMany().HasForeignKey(a => a.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.Phase).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.CancellationReason).HasMaxLength(1000);

        // A wall-clock time without a zone: stored as text so neither provider shifts it (PostgreSQL's timestamptz would).
        builder.Property(a => a.LocalStart).HasConversion(
            local => local.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            text => DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture)).HasMaxLength(16);
        builder.Ignore(a => a.IsBooked);

        // The day sheet reads a site's day in start order; a patient's list reads theirs.
        builder.HasIndex(a => new { a.SiteId, a.StartsAt });
        builder.HasIndex(a => new { a.PatientId, a.StartsAt });
        builder.HasIndex(a => new { a.CourseId, a.Phase, a.SessionNumber });
        builder.HasIndex(a => a.ChairId);
    }
}

public sealed class ChairSlotConfiguration : IEntityTypeConfiguration<ChairSlot>
{
    public void Configure(EntityTypeBuilder<ChairSlot> builder)
    {
        builder.ToTable("ChairSlots");
        builder.HasKey(s => new { s.ChairId, s.StartsAt });
        builder.HasOne<Chair>().WithMany().HasForeignKey(s => s.ChairId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Appointment>().WithMany().HasForeignKey(s => s.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.AppointmentId);
    }
}

public sealed class PatientSlotConfiguration : IEntityTypeConfiguration<PatientSlot>
{
    public void Configure(EntityTypeBuilder<PatientSlot> builder)
    {
        builder.ToTable("PatientSlots");
        builder.HasKey(s => new { s.PatientId, s.StartsAt });
        builder.HasOne<Patient>().WithMany().HasForeignKey(s => s.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Appointment>().WithMany().HasForeignKey(s => s.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.AppointmentId);
    }
}

public sealed class ChairConfiguration : IEntityTypeConfiguration<Chair>
{
    public void Configure(EntityTypeBuilder<Chair> builder)
    {
        builder.ToTable("Chairs");
        builder.ConfigureAuditable();
        builder.HasOne<Site>().WithMany().HasForeignKey(c => c.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Name).HasMaxLength(64);
        builder.HasIndex(c => new { c.SiteId, c.Name }).IsUnique();
    }
}

public sealed class RemsEnrollmentConfiguration : IEntityTypeConfiguration<RemsEnrollment>
{
    public void Configure(EntityTypeBuilder<RemsEnrollment> builder)
    {
        builder.ToTable("RemsEnrollments");
        builder.ConfigureAuditable();
        builder.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Site>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.Reference).HasMaxLength(64);
        builder.HasIndex(e => e.PatientId).IsUnique();
    }
}
