using System.Security.Claims;
using ClinicOps.Application.Common;

namespace ClinicOps.Api.Security;

/// <summary>
/// The caller: the system actor a job set for this scope (<see cref="ActorContext"/>), else the validated bearer token;
/// "system" without sites outside both.
/// </summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor, ActorContext actor) : ICurrentUser
{
    public const string SiteClaim = "site";
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";

    private IReadOnlySet<Guid>? _siteIds;

    public string Subject => actor.System?.Subject ?? Principal?.FindFirstValue(SubjectClaim) ?? (accessor.HttpContext is null ? "system" : "anonymous");

    public IReadOnlySet<Guid> SiteIds => actor.System is { } system ? new HashSet<Guid> { system.SiteId } : _siteIds ??= Principal?.FindAll(SiteClaim)
        .Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty)
        .Where(id => id != Guid.Empty)
        .ToHashSet() ?? [];

    public IReadOnlyList<string> Roles => actor.System is not null ? [SystemActor.Role] : Principal?.FindAll(RoleClaim).Select(c => c.Value).ToList() ?? [];

    private ClaimsPrincipal? Principal => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;
}
