namespace ClinicOps.Application.Common;

/// <summary>The authenticated caller of the current request (or the system, outside a request).</summary>
public interface ICurrentUser
{
    /// <summary>Stable subject identifier from the token; never a name.</summary>
    string Subject { get; }

    /// <summary>Sites whose records the caller may see and change.</summary>
    IReadOnlySet<Guid> SiteIds { get; }
}
