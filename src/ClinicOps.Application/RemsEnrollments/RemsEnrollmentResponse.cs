using System.Linq.Expressions;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Scheduling;

namespace ClinicOps.Application.RemsEnrollments;

/// <summary>A patient's enrollment in the Spravato REMS, required before the first esketamine session.</summary>
/// <param name="Id" example="e2b3c4d5-e6f7-4a80-9b1c-2d3e4f5a6b7c">Enrollment id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">The patient's site.</param>
/// <param name="EnrolledOn" example="2026-11-20">Date of enrollment.</param>
/// <param name="Reference" example="REMS-PT-7731902">The REMS patient enrollment reference.</param>
/// <param name="RecordedBy" example="user-frontdesk">Who recorded it (token subject).</param>
/// <param name="RecordedAt" example="2026-11-20T15:30:00+00:00">When it was recorded (UTC).</param>
public sealed record RemsEnrollmentResponse(
    Guid Id, Guid PatientId, Guid SiteId, DateOnly EnrolledOn, string Reference, string RecordedBy, DateTimeOffset RecordedAt)
{
    internal static readonly Expression<Func<RemsEnrollment, RemsEnrollmentResponse>> Projection =
        e => new RemsEnrollmentResponse(e.Id, e.PatientId, e.SiteId, e.EnrolledOn, e.Reference, e.CreatedBy, e.CreatedAt);

    private static readonly Func<RemsEnrollment, RemsEnrollmentResponse> FromEntityCompiled = Projection.Compile();

    internal static RemsEnrollmentResponse From(RemsEnrollment enrollment) => FromEntityCompiled(enrollment);

    internal AuditTarget AuditTarget => new(nameof(RemsEnrollment), Id.ToString(), SiteId, PatientId);
}
