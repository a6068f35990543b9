using ClinicOps.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClinicOps.Api.OpenApi;

internal static class SwaggerSetup
{
    public const string BearerScheme = "Bearer";

    /// <summary>The conventions every operation follows, at the top of the document.</summary>
    private const string Conventions = """
        Clinical operations for ketamine and esketamine (Spravato) depression clinics.

        **Auth.** Every operation needs a bearer JWT with `sub`, `role` and `site` claims; each operation lists the
        roles it accepts. A record of a site outside the token's `site` claims answers 404, never 403.

        **Errors.** RFC 9457 `application/problem+json` with a `traceId`: 400 with per-field `errors`, 401, 403, 404,
        409 with a `code`, 412 for a stale `If-Match`, 415 for a body that is not JSON, 422 with a `code` and
        `reasons` for a broken clinical rule, 428 for a missing `If-Match`, 429 with `Retry-After`, 500 for real
        faults (no internals).

        **Paging.** Lists take `page` (1-based) and `pageSize` (1-100, default 25), keep a stable order and return
        `items`, `page`, `pageSize` and `totalCount`.

        **ETags.** Records that can change carry a strong `ETag`; updates need it back in `If-Match`. `GET` honours
        `If-None-Match` with 304.

        **Retries.** Every `POST` takes an optional `Idempotency-Key` header (1-255 printable ASCII characters, e.g. a
        UUID); send one with every `POST` and reuse it when retrying. For 24 hours the same key from the same caller
        with the same request returns the original status, `Location`, `ETag` and body with
        `Idempotency-Replayed: true` and creates nothing new (refusals such as 400 or 404 are replayed too; 5xx are
        not stored, so retry those with the same key). The same key with another body or on another operation is 422
        `idempotency.key-reused`; while the first request is still being processed a duplicate is 409
        `idempotency.in-flight`.

        **Data.** JSON is camelCase; unknown fields are rejected (400); enums are strings; times are ISO 8601
        instants with offset (UTC); dates are `yyyy-MM-dd`. Fields listed in `required` must be sent; the others may
        be left out or sent as null, which means "no value".

        **Versioning.** Paths carry `/api/v1`. Within v1 changes are additive only; see the README's versioning
        policy for what counts as breaking and how `Deprecation` and `Sunset` headers announce removals.
        """;

    public static IServiceCollection AddClinicOpsSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<ContractTypes>();
        services.AddSingleton<ValidatorRequirements>();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ClinicOps API",
                Version = "v1",
                Description = Conventions,
                Contact = new OpenApiContact { Name = "ClinicOps API team", Email = "api@clinicops.example", Url = new Uri("https://clinicops.example/support") },
                License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://clinicops.example/license") },
            });
            options.AddServer(new OpenApiServer
            {
                Url = "/",
                Description = "The origin that serves this document: http://localhost:5080 for `dotnet run`, the clinic's own host when deployed. Paths carry the /api/v1 version prefix.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with `sub`, `role` and `site` claims.",
            });
            options.SupportNonNullableReferenceTypes();

            // A local wall-clock time at a site ("09:00"): JSON Schema's "time" format demands an offset, which a
            // site-local time deliberately has none of.
            options.MapType<TimeOnly>(() => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
                Description = "A local time at the site, HH:mm.",
            });
            options.UseAllOfToExtendReferenceSchemas();
            foreach (var assembly in new[] { typeof(Program).Assembly, typeof(Application.DependencyInjection).Assembly, typeof(Domain.Patients.Patient).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
                if (File.Exists(xml))
                {
                    options.IncludeXmlComments(xml, includeControllerXmlComments: true);
                }
            }

            // After the XML comments, which would otherwise replace the description that lists the roles.
            options.OperationFilter<RolesOperationFilter>();
            options.OperationFilter<ContractOperationFilter>();
            options.SchemaFilter<ContractSchemaFilter>();
            options.ParameterFilter<CaseInsensitiveEnumParameterFilter>();
            options.DocumentFilter<ContractDocumentFilter>();
        });
        return services;
    }

    /// <summary>Shows on every operation which roles may call it, and that it needs a bearer token.</summary>
    private sealed class RolesOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata
                .OfType<IAuthorizeData>()
                .Select(a => a.Policy)
                .OfType<string>()
                .Distinct()
                .ToList();
            if (policies.Count == 0)
            {
                return;
            }

            var roles = policies.SelectMany(p => AccessPolicies.Matrix[p]).Distinct().Select(r => r.ToString()).ToList();
            var line = $"**Roles:** {string.Join(", ", roles)} (policy `{string.Join("`, `", policies)}`).";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? line : $"{operation.Description}\n\n{line}";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-clinicops-roles"] = new JsonNodeExtension(new System.Text.Json.Nodes.JsonArray([.. roles.Select(r => (System.Text.Json.Nodes.JsonNode)r)]));
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
            });
        }
    }
}
