using ClinicOps.Domain.Authorizations;
using ClinicOps.Domain.Billing;
using ClinicOps.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

public sealed class BillingCodeConfiguration : IEntityTypeConfiguration<BillingCode>
{
    public void Configure(EntityTypeBuilder<BillingCode> builder)
    {
        builder.ToTable("BillingCodes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Item).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Code).HasMaxLength(8);
        builder.Property(c => c.Description).HasMaxLength(200);
        builder.Property(c => c.Unit).HasMaxLength(16);
        builder.Property(c => c.Source).HasMaxLength(200);
        builder.HasIndex(c => new { c.Item, c.EffectiveFrom }).IsUnique();
    }
}

public sealed class PriorAuthorizationConfiguration : IEntityTypeConfiguration<PriorAuthorization>
{
    public void Configure(EntityTypeBuilder<PriorAuthorization> builder)
    {
        builder.ToTable("PriorAuthorizations");
        builder.ConfigureAuditable();
        builder.HasOne<TreatmentCourse>().WithMany().HasForeignKey(p => p.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Payer).HasMaxLength(100);
        builder.Property(p => p.ReferenceNumber).HasMaxLength(64);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Documents).HasJsonConversion();
        builder.Ignore(p => p.Window);
        builder.HasIndex(p => p.CourseId);
    }
}

public sealed class PriorAuthorizationOverrideConfiguration : IEntityTypeConfiguration<PriorAuthorizationOverride>
{
    public void Configure(EntityTypeBuilder<PriorAuthorizationOverride> builder)
    {
        builder.ToTable("PriorAuthorizationOverrides");
        builder.ConfigureAuditable();
        builder.HasOne<TreatmentCourse>().WithMany().HasForeignKey(o => o.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(o => o.Dates).HasJsonConversion();
        builder.Property(o => o.Reason).HasMaxLength(500);
        builder.Property(o => o.By).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.HasIndex(o => o.CourseId);
    }
}
