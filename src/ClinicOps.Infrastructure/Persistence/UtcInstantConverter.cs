using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC instant and reads it back with offset zero.</summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTime>(
    value => value.UtcDateTime,
    stored => new DateTimeOffset(DateTime.SpecifyKind(stored, DateTimeKind.Utc)));
