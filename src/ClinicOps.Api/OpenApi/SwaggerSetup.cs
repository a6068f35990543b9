using ClinicOps.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClinicOps.Api.OpenApi;

internal static class SwaggerSetup
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddClinicOpsSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ClinicOps API",
                Version = "v1",
                Description = "Clinical operations for ketamine and esketamine (Spravato) depression clinics. "
                    + "Times are ISO 8601 instants with offset (UTC). Errors are RFC 9457 problem details. "
                    + "Every operation needs a bearer token whose roles the operation lists.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with `sub`, `role` and `site` claims.",
            });
            options.SupportNonNullableReferenceTypes();
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
