using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Sites;

/// <summary>A clinic location. Patients and everything under them belong to exactly one site.</summary>
public sealed class Site : AuditableEntity
{
    /// <summary>Creates a site.</summary>
    public Site(string code, string name, string timeZoneId)
    {
        Code = code;
        Name = name;
        TimeZoneId = timeZoneId;
    }

    /// <summary>Creates a site with a known id, for seeding and imports.</summary>
    public Site(Guid id, string code, string name, string timeZoneId)
        : this(code, name, timeZoneId)
    {
        Id = id;
    }

    /// <summary>Short unique code, e.g. "DOWNTOWN".</summary>
    public string Code { get; private set; }

    /// <summary>Display name.</summary>
    public string Name { get; private set; }

    /// <summary>IANA time zone of the site, e.g. "America/Chicago"; local schedules are computed in it.</summary>
    public string TimeZoneId { get; private set; }

    /// <summary>Renames the site or moves it to another time zone.</summary>
    public void Update(string name, string timeZoneId)
    {
        Name = name;
        TimeZoneId = timeZoneId;
    }
}
