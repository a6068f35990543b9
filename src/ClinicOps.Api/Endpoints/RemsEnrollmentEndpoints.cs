using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.RemsEnrollments;
using ClinicOps.Domain.Scheduling;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Patients' enrollment in the Spravato REMS.</summary>
internal static class RemsEnrollmentEndpoints
{
    public static void MapRemsEnrollments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/patients/{patientId:guid}/rems-enrollment").WithTags(ApiTags.Courses)
            .WithMetadata(new AuditedResource(nameof(RemsEnrollment), IdRouteKey: null, PatientRouteKey: "patientId"));
        group.MapPost("/", Enroll).WithName("enrollPatientInRems").RequireAuthorization(AccessPolicies.RemsEnroll)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/", Get).WithName("getRemsEnrollment").RequireAuthorization(AccessPolicies.CoursesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>Records a patient's enrollment in the Spravato REMS.</summary>
    /// <remarks>
    /// Needed before the patient's first esketamine session. A patient is enrolled once: a second enrollment gets 409
    /// <c>rems.already-enrolled</c>. The record keeps who recorded it and when.
    /// </remarks>
    /// <param name="patientId">Patient id.</param>
    /// <response code="201">The enrollment was recorded.</response>
    private static async Task<Created<RemsEnrollmentResponse>> Enroll(
        Guid patientId, RemsEnrollmentRequest enrollment, IMediator mediator, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new EnrollPatientInRems(patientId, enrollment), cancellationToken);
        return TypedResults.Created($"/api/v1/patients/{patientId}/rems-enrollment", created);
    }

    /// <summary>Reads a patient's REMS enrollment.</summary>
    /// <remarks>404 when the patient is not enrolled (or unknown).</remarks>
    /// <param name="patientId">Patient id.</param>
    /// <response code="200">The enrollment.</response>
    private static async Task<Ok<RemsEnrollmentResponse>> Get(Guid patientId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetRemsEnrollment(patientId), cancellationToken));
}
