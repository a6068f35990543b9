using ClinicOps.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

public sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> builder)
    {
        builder.ToTable("Sites");
        builder.ConfigureAuditable();
        builder.Property(s => s.Code).HasMaxLength(32);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.TimeZoneId).HasMaxLength(64);
        builder.Property(s => s.OpeningHours).HasJsonConversion();
        builder.Property(s => s.Closures).HasJsonConversion();
        builder.Property(s => s.AlertThresholds).HasJsonConversion();
        builder.Property(s => s.ReminderSettings).HasJsonConversion();
        builder.Property(s => s.RemsCertificationReference).HasMaxLength(64);
        builder.HasIndex(s => s.Code).IsUnique();
    }
}
