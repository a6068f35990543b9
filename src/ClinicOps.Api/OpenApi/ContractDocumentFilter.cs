using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClinicOps.Api.OpenApi;

/// <summary>
/// Finishes the document: described tags, the problem-details fields the API always adds, responses in status
/// order, and an example on every request and response body. Body examples are composed from the property
/// examples (XML <c>&lt;example&gt;</c> tags), enum values and formats, so a new schema gets one without extra
/// code; Redocly's <c>no-invalid-media-type-examples</c> then checks each against its schema.
/// </summary>
internal sealed class ContractDocumentFilter : IDocumentFilter
{
    private const string SampleTraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

    private const string CalendarMediaType = Application.Scheduling.CalendarFeed.MediaType;

    /// <summary>An iCalendar feed as exportPatientCalendar writes it (RFC 5545, CRLF line endings).</summary>
    private static readonly string CalendarExample = string.Join("\r\n",
        "BEGIN:VCALENDAR", "PRODID:-//ClinicOps//Appointments v1//EN", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "X-WR-CALNAME:Clinic appointments", "X-WR-TIMEZONE:America/Chicago",
        "BEGIN:VEVENT", "UID:6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a@clinicops", "DTSTAMP:20261121T140000Z", "DTSTART:20261203T150000Z",
        "DTEND:20261203T174500Z", "SEQUENCE:1", "SUMMARY:Appointment", "LOCATION:Downtown clinic\\, Suite 400", "STATUS:CONFIRMED",
        "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR", string.Empty);

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Tags = new HashSet<OpenApiTag>(
            ApiTags.Descriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        DescribeProblemFields(swaggerDoc);
        foreach (var (_, schema) in swaggerDoc.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            TypeNullableReferences(swaggerDoc, schema);
        }

        foreach (var (_, pathItem) in swaggerDoc.Paths)
        {
            foreach (var (_, operation) in pathItem.Operations ?? [])
            {
                if (operation.RequestBody?.Content is { } requestContent)
                {
                    foreach (var (_, media) in requestContent)
                    {
                        SetExample(media, media.Schema is null ? null : Compose(swaggerDoc, media.Schema, depth: 0));
                    }
                }

                if (operation.Responses is null)
                {
                    continue;
                }

                var ordered = new OpenApiResponses();
                foreach (var (status, response) in operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    ordered[status] = response;
                    foreach (var (mediaType, media) in response.Content ?? new Dictionary<string, IOpenApiMediaType>())
                    {
                        var example = mediaType switch
                        {
                            ContractOperationFilter.ProblemMediaType => (JsonNode?)ProblemExample(status, operation),
                            CalendarMediaType => JsonValue.Create(CalendarExample),
                            _ => media.Schema is null ? null : Compose(swaggerDoc, media.Schema, depth: 0),
                        };
                        SetExample(media, example);
                    }
                }

                operation.Responses = ordered;
            }
        }
    }

    /// <summary>
    /// OpenAPI 3.0 only allows <c>nullable</c> beside a <c>type</c>: a nullable property that wraps a reference
    /// (<c>allOf: [$ref]</c>) gets the referenced schema's type too.
    /// </summary>
    private static void TypeNullableReferences(OpenApiDocument document, IOpenApiSchema schema)
    {
        foreach (var (_, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is OpenApiSchema { AllOf: [OpenApiSchemaReference reference] } wrapper
                && wrapper.Type == JsonSchemaType.Null
                && reference.Reference.Id is { } id
                && document.Components?.Schemas?.TryGetValue(id, out var target) == true
                && target?.Type is { } targetType)
            {
                wrapper.Type = targetType | JsonSchemaType.Null;
            }
        }
    }

    private static void SetExample(IOpenApiMediaType media, JsonNode? example)
    {
        if (media is OpenApiMediaType concrete && concrete.Example is null && example is not null)
        {
            concrete.Example = example;
        }
    }

    /// <summary>Documents the fields the API adds to every problem (RFC 9457 extension members).</summary>
    private static void DescribeProblemFields(OpenApiDocument document)
    {
        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            if (document.Components?.Schemas?.TryGetValue(name, out var schema) != true || schema is not OpenApiSchema problem)
            {
                continue;
            }

            problem.Description = "An RFC 9457 problem. `traceId` is always present; 409 and 422 add a machine-readable `code`, 422 adds `reasons`.";
            problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
            problem.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "W3C trace id of the request; quote it when reporting a problem." };
            if (name == "ProblemDetails")
            {
                problem.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Machine-readable reason (409, 422), e.g. `screening.hard-stop`." };
                problem.Properties["reasons"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    Description = "Human-readable reasons, one per broken rule (422).",
                };
            }
        }
    }

    private static JsonObject ProblemExample(string status, OpenApiOperation operation)
    {
        var code = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
        var example = new JsonObject
        {
            ["type"] = code == 500 ? "https://tools.ietf.org/html/rfc9110#section-15.6.1" : "https://tools.ietf.org/html/rfc9110#section-15.5",
            ["title"] = code switch
            {
                400 => "One or more fields are invalid.",
                409 => "Conflict",
                422 => "A clinical rule forbids this.",
                500 => "An unexpected error occurred.",
                _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code),
            },
            ["status"] = code,
            ["instance"] = "/api/v1/...",
        };
        switch (code)
        {
            case 400:
                example["errors"] = new JsonObject { ["field"] = new JsonArray("'field' must not be empty.") };
                break;
            case 409:
                example["detail"] = "The request conflicts with the current state.";
                example["code"] = operation.OperationId?.Contains("Patient", StringComparison.Ordinal) == true ? "patient.mrn-taken" : "screening.already-reviewed";
                break;
            case 422:
                example["detail"] = "A hard stop failed; no clinician may override it.";
                example["code"] = "screening.hard-stop";
                example["reasons"] = new JsonArray("contraindication.aneurysmal-vascular-disease: Aneurysmal vascular disease is a label contraindication.");
                break;
            case 500:
                example["detail"] = "The error was logged; quote the traceId when reporting it.";
                break;
        }

        example["traceId"] = SampleTraceId;
        return example;
    }

    /// <summary>
    /// The schema's own example. An OpenAPI 3.0 document serializes <c>example</c>, which Swashbuckle's XML comments
    /// filter fills; <c>examples</c> is the 3.1 form.
    /// </summary>
#pragma warning disable CS0618 // Example is the 3.0 keyword this document is written in.
    private static JsonNode? OwnExample(IOpenApiSchema schema) => schema.Example ?? schema.Examples?.FirstOrDefault();
#pragma warning restore CS0618

    /// <summary>An example value for a schema, built from its own example or its parts.</summary>
    private static JsonNode? Compose(OpenApiDocument document, IOpenApiSchema schema, int depth)
    {
        if (depth > 32)
        {
            return null;
        }

        if (OwnExample(schema) is { } own)
        {
            return own.DeepClone();
        }

        if (schema is OpenApiSchemaReference reference)
        {
            var id = reference.Reference.Id;
            return id is not null && document.Components?.Schemas?.TryGetValue(id, out var target) == true && target is not null
                ? Compose(document, target, depth + 1)
                : null;
        }

        if (schema.AllOf is { Count: > 0 } allOf)
        {
            return Compose(document, allOf[0], depth + 1);
        }

        if (schema.Enum is { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        var type = (schema.Type ?? 0) & ~JsonSchemaType.Null;
        if (type.HasFlag(JsonSchemaType.Object) || schema.Properties is { Count: > 0 })
        {
            var result = new JsonObject();
            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                var value = Compose(document, property, depth + 1);
                if (value is not null || schema.Required?.Contains(name) == true)
                {
                    result[name] = value;
                }
            }

            return result;
        }

        if (type.HasFlag(JsonSchemaType.Array))
        {
            var item = schema.Items is null ? null : Compose(document, schema.Items, depth + 1);
            return item is null ? new JsonArray() : new JsonArray(item);
        }

        return (type, schema.Format) switch
        {
            (JsonSchemaType.String, "uuid") => "5e1f0000-0000-4000-8000-000000000001",
            (JsonSchemaType.String, "date") => "2026-11-20",
            (JsonSchemaType.String, "date-time") => "2026-11-20T15:30:00+00:00",
            (JsonSchemaType.String, _) => "string",
            (JsonSchemaType.Integer, _) => 1,
            (JsonSchemaType.Number, _) => 1.5,
            (JsonSchemaType.Boolean, _) => false,
            _ => null,
        };
    }
}
