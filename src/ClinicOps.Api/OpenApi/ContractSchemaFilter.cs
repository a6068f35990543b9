using System.Xml;
using System.Text.Json;
using System.Xml.XPath;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClinicOps.Api.OpenApi;

/// <summary>
/// Makes every schema say what the API really does:
/// <list type="bullet">
/// <item>request types: <c>required</c> lists exactly the fields the validators require, and only the others accept null;</item>
/// <item>response types: every property is always written (null included), so all are required and only C#-nullable ones are nullable;</item>
/// <item>enums: the description lists each value with its XML summary.</item>
/// </list>
/// </summary>
internal sealed class ContractSchemaFilter(ContractTypes types, ValidatorRequirements validators) : ISchemaFilter
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> XmlSummaries = new(LoadSummaries);

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        var type = Nullable.GetUnderlyingType(context.Type) ?? context.Type;
        if (type.IsEnum)
        {
            DescribeEnum(concrete, type);
            return;
        }

        if (concrete.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        if (types.Requests.Contains(type))
        {
            var required = validators.RequiredProperties(type).Select(JsonNamingPolicy.CamelCase.ConvertName).ToHashSet();
            concrete.Required = new SortedSet<string>(properties.Keys.Where(required.Contains), StringComparer.Ordinal);
            foreach (var name in required)
            {
                if (properties.TryGetValue(name, out var property) && property is OpenApiSchema { Type: { } propertyType } inline)
                {
                    inline.Type = propertyType & ~JsonSchemaType.Null;
                }
            }
        }
        else if (types.Responses.Contains(type))
        {
            concrete.Required = new SortedSet<string>(properties.Keys, StringComparer.Ordinal);
        }
    }

    private static void DescribeEnum(OpenApiSchema schema, Type type)
    {
        var lines = Enum.GetNames(type)
            .Select(name => XmlSummaries.Value.TryGetValue($"F:{type.FullName}.{name}", out var summary) ? $"- `{name}`: {summary}" : $"- `{name}`")
            .ToList();
        var intro = schema.Description ?? (XmlSummaries.Value.TryGetValue($"T:{type.FullName}", out var typeSummary) ? typeSummary : type.Name);
        schema.Description = $"{intro}\n\n{string.Join("\n", lines)}";
    }

    private static Dictionary<string, string> LoadSummaries()
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "ClinicOps.*.xml"))
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var navigator = new XPathDocument(reader).CreateNavigator();
            var members = navigator.Select("/doc/members/member[summary]");
            while (members.MoveNext())
            {
                var name = members.Current!.GetAttribute("name", string.Empty);
                var summary = members.Current.SelectSingleNode("summary")?.Value;
                if (!string.IsNullOrWhiteSpace(summary))
                {
                    summaries[name] = string.Join(' ', summary.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }

        return summaries;
    }
}
