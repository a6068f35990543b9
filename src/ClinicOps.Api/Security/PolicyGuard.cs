using Microsoft.AspNetCore.Authorization;

namespace ClinicOps.Api.Security;

internal static class PolicyGuard
{
    /// <summary>
    /// Refuses to start when an API endpoint declares no policy from the matrix (or allows anonymous access), so a
    /// forgotten policy fails at start-up rather than serving PHI. Framework endpoints that only answer 405/415
    /// carry no route pattern of ours and are not affected.
    /// </summary>
    public static void EnsureEveryApiEndpointHasAPolicy(IEndpointRouteBuilder app)
    {
        var unprotected = app.DataSources.SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null
                || !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null && AccessPolicies.Matrix.ContainsKey(a.Policy)))
            .Select(e => e.DisplayName)
            .ToList();
        if (unprotected.Count > 0)
        {
            throw new InvalidOperationException($"API endpoints without a policy from AccessPolicies.Matrix: {string.Join("; ", unprotected)}");
        }
    }
}
