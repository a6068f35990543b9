using ClinicOps.Api.Endpoints;
using ClinicOps.Api.Idempotency;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClinicOps.Api.OpenApi;

/// <summary>
/// Adds what every operation shares, so no endpoint can forget it: the problem responses any request can meet
/// (415 for a body in another media type, 500), plain descriptions of the problem statuses, the <c>Location</c>
/// header of every 201, <c>Retry-After</c> of every 429, the ETag headers the endpoint declares through
/// <see cref="EndpointConventions"/>, and on every POST the <c>Idempotency-Key</c> header with its replay header and
/// its 409/422 problems (see <see cref="IdempotencyKeys"/>).
/// </summary>
internal sealed class ContractOperationFilter : IOperationFilter
{
    public const string ProblemMediaType = "application/problem+json";

    private static readonly Dictionary<string, string> ProblemDescriptions = new()
    {
        ["400"] = "The request is invalid: `errors` names each field (malformed JSON, wrong types, unknown fields or enum values, broken rules).",
        ["401"] = "No valid bearer token.",
        ["403"] = "The token's roles do not allow this operation.",
        ["404"] = "Not found, or it belongs to a site outside the token's `site` claims.",
        ["409"] = "Conflicts with the current state; `code` says which conflict (for example `patient.mrn-taken`).",
        ["412"] = "`If-Match` does not name the current version: read the record again and retry with its ETag.",
        ["415"] = "The body is not `application/json`.",
        ["422"] = "A clinical or business rule forbids it; `code` names the rule and `reasons` explain it.",
        ["428"] = "`If-Match` is missing: send the ETag of your last read.",
        ["429"] = "Too many requests from this client; retry after `Retry-After` seconds.",
        ["500"] = "An unexpected fault; quote `traceId` when reporting it. No internals are returned.",
    };

    /// <summary>What the problem statuses also mean on an operation that takes an <c>Idempotency-Key</c>.</summary>
    private static readonly Dictionary<string, string> IdempotencyProblemDescriptions = new()
    {
        ["409"] = $" Code `{IdempotencyKeys.InFlightCode}`: a request with the same `Idempotency-Key` is still being processed; retry shortly with the same key.",
        ["422"] = $" Code `{IdempotencyKeys.KeyReusedCode}`: the `Idempotency-Key` was already used with another body or on another operation; a new request needs a new key.",
    };

    /// <summary>Responses that are never stored for a replay: refused before the request is processed, or a fault.</summary>
    private static readonly HashSet<string> NeverReplayed = ["401", "403", "429", "500"];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);

        if (operation.RequestBody is not null)
        {
            AddProblem(operation, "415", problem);
        }

        var takesIdempotencyKey = IdempotencyKeys.AppliesTo(context.ApiDescription.HttpMethod, context.ApiDescription.RelativePath);
        if (takesIdempotencyKey)
        {
            AddProblem(operation, "409", problem);
            AddProblem(operation, "422", problem);
        }

        AddProblem(operation, "500", problem);

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (ProblemDescriptions.TryGetValue(status, out var description))
            {
                concrete.Description = description
                    + (takesIdempotencyKey && IdempotencyProblemDescriptions.TryGetValue(status, out var idempotency) ? idempotency : string.Empty);
            }

            if (takesIdempotencyKey && !NeverReplayed.Contains(status))
            {
                AddHeader(concrete, IdempotencyKeys.ReplayedHeader,
                    "`true` when this is the stored response of an earlier request with the same `Idempotency-Key`; absent otherwise.",
                    new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] });
            }

            if (status == "201")
            {
                AddHeader(concrete, "Location", "Path of the created resource.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" });
            }

            if (status == "429")
            {
                AddHeader(concrete, "Retry-After", "Seconds to wait before retrying.", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" });
            }

            if (metadata.Contains(ETagConventions.ReturnsETag) && status is "200" or "201" or "304")
            {
                AddHeader(concrete, "ETag", "Strong entity tag of the record's version, e.g. `\"3\"`; send it in `If-Match` to update.", new OpenApiSchema { Type = JsonSchemaType.String });
            }
        }

        operation.Parameters ??= [];
        if (metadata.Contains(ETagConventions.RequiresIfMatch))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The `ETag` of the caller's last read (or `*`). Missing: 428. Stale: 412, and nothing changes.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = "\"1\"",
            });
        }

        if (takesIdempotencyKey)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "A key the client makes up for this request (e.g. a UUID), 1-255 printable ASCII characters; send one "
                    + "with every POST and the same one when retrying. Within 24 hours a retry by the same caller with the same "
                    + "body gets the original response with `Idempotency-Replayed: true` and creates nothing new. A malformed key is a 400.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[ -~]+$" },
                Example = "6f1c2a9e-3b7d-4c55-9e21-8d0a4b7f2c13",
            });
        }

        if (metadata.Contains(ETagConventions.HonoursIfNoneMatch))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "ETags the caller already holds; 304 without a body when one of them is current.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = "\"1\"",
            });
        }
    }

    private static void AddProblem(OpenApiOperation operation, string status, IOpenApiSchema problem)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = ProblemDescriptions[status],
            Content = new Dictionary<string, IOpenApiMediaType> { [ProblemMediaType] = new OpenApiMediaType { Schema = problem } },
        };
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, OpenApiSchema schema)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = schema };
    }
}
