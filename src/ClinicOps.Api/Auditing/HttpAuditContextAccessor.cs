using System.Diagnostics;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;

namespace ClinicOps.Api.Auditing;

/// <summary>Describes the current HTTP request, or the job's system actor, for audit entries; "system" outside both.</summary>
internal sealed class HttpAuditContextAccessor(IHttpContextAccessor accessor, HttpCurrentUser user, ActorContext actor) : IAuditContextAccessor
{
    public AuditContext Current
    {
        get
        {
            if (actor.System is { } system)
            {
                return new AuditContext(system.Subject, user.Roles, user.SiteIds, Activity.Current?.TraceId.ToString() ?? string.Empty, null, $"JOB {system.Job}");
            }

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
