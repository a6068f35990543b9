using ClinicOps.Domain.Billing;
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
