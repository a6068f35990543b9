using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// Stores an immutable value object as JSON text. Plain text (not jsonb) keeps the column identical on SQLite and
/// PostgreSQL; these values are read whole and never queried inside.
/// </summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The stored JSON of a value, for seeding rows in migrations.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
        where T : class?
    {
        property.HasConversion(
            value => JsonSerializer.Serialize(value, Options),
            json => JsonSerializer.Deserialize<T>(json, Options)!,
            // The snapshot is the value itself (immutable), so an unchanged value is the same reference: that case, by
            // far the most common one, is answered without serializing (change detection runs several times per save).
            new ValueComparer<T>(
                (left, right) => ReferenceEquals(left, right) || JsonSerializer.Serialize(left, Options) == JsonSerializer.Serialize(right, Options),
                value => JsonSerializer.Serialize(value, Options).GetHashCode(StringComparison.Ordinal),
                value => value));
        return property;
    }
}
