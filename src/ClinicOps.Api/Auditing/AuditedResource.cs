using ClinicOps.Domain.Auditing;

namespace ClinicOps.Api.Auditing;

/// <summary>Endpoint metadata naming the kind of record a route serves, so refused attempts can be audited against it.</summary>
/// <param name="EntityType">Kind of record, e.g. "Patient".</param>
/// <param name="IsPatientData">Whether the route's <c>{id}</c> is a patient id.</param>
internal sealed record AuditedResource(string EntityType, bool IsPatientData = false)
{
    public AuditTarget TargetFor(HttpContext http)
    {
        var id = http.GetRouteValue("id")?.ToString();
        Guid? patientId = IsPatientData && Guid.TryParse(id, out var parsed) ? parsed : null;
        return new AuditTarget(EntityType, id, SiteId: null, patientId);
    }

    public static AuditAction ActionFor(string method) => method switch
    {
        "GET" or "HEAD" => AuditAction.Read,
        "POST" => AuditAction.Create,
        "DELETE" => AuditAction.Delete,
        _ => AuditAction.Update,
    };
}
