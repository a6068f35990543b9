using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

public sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("Patients");
        builder.ConfigureAuditable();
        builder.HasOne<Site>().WithMany().HasForeignKey(p => p.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.GivenName).HasMaxLength(100);
        builder.Property(p => p.FamilyName).HasMaxLength(100);
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Phone).HasMaxLength(16);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.ExternalMrn).HasMaxLength(64);
        builder.Property(p => p.PreferredContactChannel).HasConversion<string>().HasMaxLength(16);
        builder.OwnsOne(p => p.EmergencyContact, contact =>
        {
            contact.Property(c => c.Name).HasColumnName("EmergencyContactName").HasMaxLength(200);
            contact.Property(c => c.Phone).HasColumnName("EmergencyContactPhone").HasMaxLength(16);
            contact.Property(c => c.Relationship).HasColumnName("EmergencyContactRelationship").HasMaxLength(50);
        });
        builder.Navigation(p => p.EmergencyContact).IsRequired(false);
        builder.HasIndex(p => new { p.SiteId, p.ExternalMrn }).IsUnique();
        builder.HasIndex(p => new { p.SiteId, p.FamilyName, p.GivenName });
        builder.HasIndex(p => p.DateOfBirth);
    }
}
