using ClinicOps.Domain.Common;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence.Configurations;

internal static class AuditableConfiguration
{
    public const int SubjectMaxLength = 128;

    public static void ConfigureAuditable<T>(this EntityTypeBuilder<T> builder)
        where T : AuditableEntity
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.CreatedBy).HasMaxLength(SubjectMaxLength);
        builder.Property(e => e.UpdatedBy).HasMaxLength(SubjectMaxLength);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}
