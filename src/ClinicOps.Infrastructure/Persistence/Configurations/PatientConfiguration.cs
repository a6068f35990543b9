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
        // Nullable in the schema only: rows written before the keys existed (or by an instance of an older version during
        // a rolling upgrade) get them from the migrator's backfill; the entity itself always sets them.
        builder.Property(p => p.GivenNameKey).HasMaxLength(NameSearchKey.MaxLength).IsRequired(false);
        builder.Property(p => p.FamilyNameKey).HasMaxLength(NameSearchKey.MaxLength).IsRequired(false);
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
        // Name search is a prefix range on a key within the caller's sites (docs/decisions/0017-patient-name-search.md).
        builder.HasIndex(p => new { p.SiteId, p.GivenNameKey });
        builder.HasIndex(p => new { p.SiteId, p.FamilyNameKey });
    }

    /// <summary>
    /// PostgreSQL compares text by the column's collation, which is the database's (often en_US.UTF-8) unless declared.
    /// In a linguistic order a prefix range is not "starts with" (Danish sorts "aa" after "z", so "aagaard" lies outside
    /// ["aa", "ab")), and LIKE 'x%' cannot use such an index. "C" orders by code point, as SQLite's BINARY does, so the
    /// range is exact, and index-served, on both.
    /// </summary>
    public static void ConfigurePostgres(EntityTypeBuilder<Patient> builder)
    {
        builder.Property(p => p.GivenNameKey).UseCollation(OrdinalCollation);
        builder.Property(p => p.FamilyNameKey).UseCollation(OrdinalCollation);
    }

    /// <summary>PostgreSQL's collation that orders by code point.</summary>
    public const string OrdinalCollation = "C";
}
