using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ClinicOps.Api.Auditing;

/// <summary>Audits every refused request (401 and 403) before the default handler answers it.</summary>
internal sealed class AuditingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if ((authorizeResult.Challenged || authorizeResult.Forbidden) && context.GetEndpoint()?.Metadata.GetMetadata<AuditedResource>() is { } resource)
        {
            var audit = context.RequestServices.GetRequiredService<IAuditTrail>();
            await audit.RecordFailureAsync(
                AuditedResource.ActionFor(context.Request.Method), AuditOutcome.Denied, resource.TargetFor(context), context.RequestAborted);
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
