using System.Security.Claims;
using ClinicOps.Application.Common;

namespace ClinicOps.Api.Security;

/// <summary>The caller as described by the validated bearer token; "system" outside an HTTP request.</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public const string SiteClaim = "site";
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";

    private IReadOnlySet<Guid>? _siteIds;

    public string Subject => Principal?.FindFirstValue(SubjectClaim) ?? (accessor.HttpContext is null ? "system" : "anonymous");

    public IReadOnlySet<Guid> SiteIds => _siteIds ??= Principal?.FindAll(SiteClaim)
        .Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty)
        .Where(id => id != Guid.Empty)
        .ToHashSet() ?? [];

    public IReadOnlyList<string> Roles => Principal?.FindAll(RoleClaim).Select(c => c.Value).ToList() ?? [];

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;
}
