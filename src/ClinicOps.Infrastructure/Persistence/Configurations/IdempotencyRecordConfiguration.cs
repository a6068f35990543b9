using ClinicOps.Infrastructure.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

/// <summary>
/// The unique (Subject, Key) index is what makes two concurrent claims of one key impossible on both databases.
/// </summary>
public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    /// <summary>Name of the unique index the claim relies on.</summary>
    public const string SubjectKeyIndex = "UX_IdempotencyKeys_Subject_Key";

    /// <summary>Longest accepted key.</summary>
    public const int KeyMaxLength = 255;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyKeys");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Subject).HasMaxLength(AuditableConfiguration.SubjectMaxLength);
        builder.Property(r => r.Key).HasMaxLength(KeyMaxLength);
        builder.Property(r => r.Operation).HasMaxLength(200);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(r => new { r.Subject, r.Key }).IsUnique().HasDatabaseName(SubjectKeyIndex);
        builder.HasIndex(r => r.ExpiresAt);
    }
}
