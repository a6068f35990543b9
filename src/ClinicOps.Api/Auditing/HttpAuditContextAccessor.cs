using System.Diagnostics;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;

namespace ClinicOps.Api.Auditing;

/// <summary>Describes the current HTTP request for audit entries; "system" outside a request.</summary>
internal sealed class HttpAuditContextAccessor(IHttpContextAccessor accessor, HttpCurrentUser user) : IAuditContextAccessor
{
    public AuditContext Current
    {
        get
        {
            var http = accessor.HttpContext;
            if (http is null)
            {
                return new AuditContext(user.Subject, [], user.SiteIds, Activity.Current?.TraceId.ToString() ?? string.Empty, null, null);
            }

            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            return new AuditContext(
                user.Subject,
                user.Roles,
                user.SiteIds,
                Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
                http.Connection.RemoteIpAddress?.ToString(),
                $"{http.Request.Method} {route ?? "(no route)"}");
        }
    }
}
