using ClinicOps.Domain.Inventory;
using ClinicOps.Domain.Sites;
using ClinicOps.Domain.TreatmentDay;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

public sealed class InventoryLotConfiguration : IEntityTypeConfiguration<InventoryLot>
{
    public void Configure(EntityTypeBuilder<InventoryLot> builder)
    {
        builder.ToTable("InventoryLots", t => t.HasCheckConstraint("CK_InventoryLots_OnHand", "\"OnHand\" >= 0"));
        builder.ConfigureAuditable();
        builder.HasOne<Site>().WithMany().HasForeignKey(l => l.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(l => l.Product).HasConversion<string>().HasMaxLength(32);
        builder.Property(l => l.LotNumber).HasMaxLength(32);
        builder.Property(l => l.Strength).HasMaxLength(32);

        // One lot per number and product at a site: receipts of the same lot add to it.
        builder.HasIndex(l => new { l.SiteId, l.Product, l.LotNumber }).IsUnique();
    }
}

public sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("LedgerEntries");
        builder.ConfigureAuditable();
        builder.HasOne<InventoryLot>().WithMany().HasForeignKey(e => e.LotId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TreatmentSession>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.RecordedBy).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(e => e.WitnessedBy).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(e => e.Supplier).HasMaxLength(100);
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.HasIndex(e => new { e.LotId, e.RecordedAt });
        builder.HasIndex(e => e.SessionId);
    }
}

public sealed class InventoryCountConfiguration : IEntityTypeConfiguration<InventoryCount>
{
    public void Configure(EntityTypeBuilder<InventoryCount> builder)
    {
        builder.ToTable("InventoryCounts");
        builder.ConfigureAuditable();
        builder.HasOne<InventoryLot>().WithMany().HasForeignKey(c => c.LotId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.CountedBy).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(c => c.Note).HasMaxLength(500);
        builder.Ignore(c => c.Flagged);
        builder.HasIndex(c => new { c.LotId, c.CountedAt });
    }
}
