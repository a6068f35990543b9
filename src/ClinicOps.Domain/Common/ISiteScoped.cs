namespace ClinicOps.Domain.Common;

/// <summary>A record that belongs to one clinic site; only users of that site may see it.</summary>
public interface ISiteScoped
{
    /// <summary>The owning site.</summary>
    Guid SiteId { get; }
}
