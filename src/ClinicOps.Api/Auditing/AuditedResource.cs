using ClinicOps.Domain.Auditing;

namespace ClinicOps.Api.Auditing;

/// <summary>Endpoint metadata naming the kind of record a route serves, so refused attempts can be audited against it.</summary>
/// <param name="EntityType">Kind of record, e.g. "Patient".</param>
/// <param name="IdRouteKey">Route value holding the record's id, if any.</param>
/// <param name="PatientRouteKey">Route value holding the patient's id, if the route is about one patient.</param>
internal sealed record AuditedResource(string EntityType, string? IdRouteKey = "id", string? PatientRouteKey = null)
{
    public AuditTarget TargetFor(HttpContext http)
    {
        var id = IdRouteKey is null ? null : http.GetRouteValue(IdRouteKey)?.ToString();
        Guid? patientId = PatientRouteKey is not null && Guid.TryParse(http.GetRouteValue(PatientRouteKey)?.ToString(), out var parsed) ? parsed : null;
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
