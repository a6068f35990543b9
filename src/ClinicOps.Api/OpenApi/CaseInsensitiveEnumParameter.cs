using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClinicOps.Api.OpenApi;

/// <summary>
/// Marks a string query parameter that the endpoint parses case-insensitively as a value of <paramref name="enumType"/>
/// (<c>when=upcoming</c> as well as <c>when=Upcoming</c>); the document shows the enum's schema. Minimal APIs bind enum
/// parameters case-sensitively, so such a parameter is bound as a string and parsed by the endpoint.
/// </summary>
/// <param name="enumType">The enum.</param>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class CaseInsensitiveEnumAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;

    /// <summary>Parses <paramref name="value"/> by member name, ignoring case; numbers are refused like everywhere else.</summary>
    public static bool TryParse<TEnum>(string? value, out TEnum result)
        where TEnum : struct, Enum
    {
        result = default;
        return value is not null && !value.Trim().Any(char.IsDigit) && Enum.TryParse(value.Trim(), ignoreCase: true, out result) && Enum.IsDefined(result);
    }
}

/// <summary>Gives parameters marked <see cref="CaseInsensitiveEnumAttribute"/> their enum's schema.</summary>
internal sealed class CaseInsensitiveEnumParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is OpenApiParameter concrete && context.ParameterInfo?.GetCustomAttribute<CaseInsensitiveEnumAttribute>() is { } marker)
        {
            concrete.Schema = context.SchemaGenerator.GenerateSchema(marker.EnumType, context.SchemaRepository);
        }
    }
}
