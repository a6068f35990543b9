using ClinicOps.Api.Auditing;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Application.Screenings;
using ClinicOps.Domain.Screening;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Intake screening: the eligibility engine's verdicts and the clinician's decisions.</summary>
internal static class ScreeningEndpoints
{
    public static void MapScreenings(this IEndpointRouteBuilder app)
    {
        var perPatient = app.MapGroup("/api/v1/patients/{patientId:guid}/screenings").WithTags("Screenings")
            .WithMetadata(new AuditedResource(nameof(IntakeScreening), IdRouteKey: null, PatientRouteKey: "patientId"));
        perPatient.MapPost("/", Record).WithName("recordScreening").RequireAuthorization(AccessPolicies.ScreeningsWrite)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        perPatient.MapGet("/", History).WithName("listPatientScreenings").RequireAuthorization(AccessPolicies.ScreeningsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);

        var screenings = app.MapGroup("/api/v1/screenings").WithTags("Screenings")
            .WithMetadata(new AuditedResource(nameof(IntakeScreening)));
        screenings.MapGet("/review-queue", Queue).WithName("listScreeningQueue").RequireAuthorization(AccessPolicies.ScreeningsRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest);
        screenings.MapGet("/{id:guid}", Get).WithName("getScreening").RequireAuthorization(AccessPolicies.ScreeningsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        screenings.MapPost("/{id:guid}/review", Review).WithName("reviewScreening").RequireAuthorization(AccessPolicies.ScreeningsReview)
            .ProducesStandardProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        screenings.MapPost("/{id:guid}/acknowledgement", Acknowledge).WithName("acknowledgeScreening").RequireAuthorization(AccessPolicies.ScreeningsReview)
            .ProducesStandardProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>Screens a patient and returns the explained verdict.</summary>
    /// <remarks>
    /// Every rule appears in <c>rules</c> with its status, consequence, a plain-language explanation and its source.
    /// PHQ-9 total and band are computed here. <c>urgent</c> is raised for a positive PHQ-9 item 9, moderate or high
    /// C-SSRS risk, or the MDD-with-acute-suicidal-ideation indication, and never rejects the patient by itself; any
    /// yes on the C-SSRS needs a clinician's review.
    ///
    /// A new screening of a patient who has one is a correction: it supersedes the current screening, which stays in
    /// the history, and <c>correction</c> lists the changed answers and the findings that disappeared. Correcting a
    /// screening that did not clear the patient needs <c>correctionReason</c> (400 without it) and always waits for a
    /// clinician (rule <c>CORRECTION-OF-UNCLEARED</c>), so a correction can never clear a patient on its own.
    /// </remarks>
    /// <param name="patientId">Patient id.</param>
    /// <response code="201">The screening was judged and stored.</response>
    private static async Task<Created<ScreeningResponse>> Record(
        Guid patientId, ScreeningAnswers answers, IMediator mediator, CancellationToken cancellationToken)
    {
        var screening = await mediator.Send(new RecordScreening(patientId, answers), cancellationToken);
        return TypedResults.Created($"/api/v1/screenings/{screening.Id}", screening);
    }

    /// <summary>Lists a patient's screenings, newest first, including superseded ones.</summary>
    /// <param name="patientId">Patient id.</param>
    private static async Task<Ok<IReadOnlyList<ScreeningResponse>>> History(
        Guid patientId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListPatientScreenings(patientId), cancellationToken));

    /// <summary>Reads one screening.</summary>
    /// <param name="id">Screening id.</param>
    private static async Task<Ok<ScreeningResponse>> Get(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetScreening(id), cancellationToken));

    /// <summary>The clinicians' queue: urgent screenings until acknowledged, and current screenings awaiting a decision.</summary>
    /// <remarks>
    /// Every urgent screening stays here until a clinician acknowledges it, whatever its outcome and even after a
    /// correction superseded it. Unacknowledged urgent screenings come first, then other urgent ones, then oldest first.
    /// </remarks>
    /// <param name="urgentOnly">Only urgent screenings.</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    private static async Task<Ok<PagedResult<ScreeningResponse>>> Queue(
        IMediator mediator,
        CancellationToken cancellationToken,
        bool urgentOnly = false,
        int page = 1,
        int pageSize = PagedResult<ScreeningResponse>.DefaultPageSize) =>
        TypedResults.Ok(await mediator.Send(new ListScreeningQueue { UrgentOnly = urgentOnly, Page = page, PageSize = pageSize }, cancellationToken));

    /// <summary>Records the clinician's decision on a screening.</summary>
    /// <remarks>
    /// Allowed for NeedsClinicianReview, and for Ineligible when no hard stop failed (an override). An approval must
    /// name every finding in <c>overridableFindings</c> in <c>acceptedFindings</c>, each with a reason: a missing one
    /// gets 422 <c>screening.findings-not-accepted</c> listing them, and an id that is not such a finding gets 422
    /// <c>screening.not-a-finding</c>. A hard stop (label contraindication, age) gets 422 <c>screening.hard-stop</c>;
    /// a second decision gets 409. A decision on an urgent screening also acknowledges it.
    /// </remarks>
    /// <param name="id">Screening id.</param>
    /// <response code="200">The decision was recorded.</response>
    private static async Task<Ok<ScreeningResponse>> Review(
        Guid id, ScreeningReviewRequest review, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ReviewScreening(id, review), cancellationToken));

    /// <summary>Acknowledges an urgent screening, which then leaves the head of the queue.</summary>
    /// <remarks>
    /// Records who, when and the clinician's note; works on superseded screenings too. A screening that is not urgent
    /// gets 422 <c>screening.not-urgent</c>; a second acknowledgement gets 409 <c>screening.already-acknowledged</c>.
    /// </remarks>
    /// <param name="id">Screening id.</param>
    /// <response code="200">The acknowledgement was recorded.</response>
    private static async Task<Ok<ScreeningResponse>> Acknowledge(
        Guid id, ScreeningAcknowledgementRequest acknowledgement, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new AcknowledgeScreening(id, acknowledgement), cancellationToken));
}
