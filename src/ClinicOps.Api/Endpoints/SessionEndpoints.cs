using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.TreatmentDay;
using ClinicOps.Domain.TreatmentDay;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>The treatment day: check-in, dose, vitals, alerts, readiness and discharge.</summary>
internal static class SessionEndpoints
{
    public static void MapSessions(this IEndpointRouteBuilder app)
    {
        var checkIn = app.MapGroup("/api/v1/appointments/{appointmentId:guid}").WithTags(ApiTags.TreatmentDay)
            .WithMetadata(new AuditedResource(nameof(TreatmentSession), IdRouteKey: null));
        checkIn.MapPost("/check-in", CheckInPatient).WithName("checkInPatient").RequireAuthorization(AccessPolicies.SessionsRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        var sessions = app.MapGroup("/api/v1/sessions").WithTags(ApiTags.TreatmentDay).WithMetadata(new AuditedResource(nameof(TreatmentSession)));
        sessions.MapGet("/{id:guid}", Get).WithName("getSession").RequireAuthorization(AccessPolicies.SessionsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        sessions.MapGet("/{id:guid}/status", Status).WithName("getSessionStatus").RequireAuthorization(AccessPolicies.SessionsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        sessions.MapGet("/{id:guid}/readiness", Readiness).WithName("getDischargeReadiness").RequireAuthorization(AccessPolicies.SessionsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        sessions.MapPost("/{id:guid}/overrides", Override).WithName("recordDosingOverride").RequireAuthorization(AccessPolicies.SessionsDecide)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapPost("/{id:guid}/dose", Dose).WithName("recordDose").RequireAuthorization(AccessPolicies.SessionsRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        sessions.MapPost("/{id:guid}/infusion-end", InfusionEnd).WithName("recordInfusionEnd").RequireAuthorization(AccessPolicies.SessionsRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapPost("/{id:guid}/vitals", Vitals).WithName("recordVitals").RequireAuthorization(AccessPolicies.SessionsRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapPost("/{id:guid}/vitals/batch", VitalsBatch).WithName("recordVitalsBatch").RequireAuthorization(AccessPolicies.SessionsRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapPost("/{id:guid}/vitals/{readingId:guid}/corrections", Correct).WithName("correctReading").RequireAuthorization(AccessPolicies.SessionsRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapPost("/{id:guid}/alerts/{alertId:guid}/resolution", Resolve).WithName("resolveAlert").RequireAuthorization(AccessPolicies.SessionsDecide)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapPost("/{id:guid}/discharge", Discharge).WithName("dischargePatient").RequireAuthorization(AccessPolicies.SessionsRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapGet("/{id:guid}/rems-record", RemsRecord).WithName("getRemsRecord").RequireAuthorization(AccessPolicies.SessionsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);

        var records = app.MapGroup("/api/v1/rems-records").WithTags(ApiTags.TreatmentDay).WithMetadata(new AuditedResource(nameof(RemsMonitoringRecord)));
        records.MapPost("/{id:guid}/submission", SubmitRems).WithName("submitRemsRecord").RequireAuthorization(AccessPolicies.RemsSubmit)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        var perSite = app.MapGroup("/api/v1/sites/{siteId:guid}/rems-records").WithTags(ApiTags.TreatmentDay)
            .WithMetadata(new AuditedResource(nameof(RemsMonitoringRecord), IdRouteKey: null));
        perSite.MapGet("/", ListRems).WithName("listRemsRecords").RequireAuthorization(AccessPolicies.SessionsRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        var outcomes = app.MapGroup("/api/v1/courses").WithTags(ApiTags.Courses).WithMetadata(new AuditedResource(nameof(Domain.Scheduling.TreatmentCourse)));
        outcomes.MapGet("/{id:guid}/outcomes", Outcomes).WithName("getCourseOutcomes").RequireAuthorization(AccessPolicies.CoursesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);

        sessions.MapPost("/{id:guid}/early-departure", EarlyDeparture).WithName("recordEarlyDeparture").RequireAuthorization(AccessPolicies.SessionsRecord)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>Checks a patient in for a booked dosing session and opens the treatment session.</summary>
    /// <remarks>Records the pre-dose checklist. One session per appointment (409 <c>session.already-checked-in</c>).</remarks>
    /// <param name="appointmentId">The dosing appointment.</param>
    /// <response code="201">The session was opened.</response>
    private static async Task<Created<SessionResponse>> CheckInPatient(Guid appointmentId, CheckInRequest checkIn, IMediator mediator, CancellationToken cancellationToken)
    {
        var session = await mediator.Send(new CheckIn(appointmentId, checkIn), cancellationToken);
        return TypedResults.Created($"/api/v1/sessions/{session.Id}", session);
    }

    /// <summary>Reads a whole session: checklist, dose, every reading (corrections included) and alerts.</summary>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<SessionResponse>> Get(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetSession(id), cancellationToken));

    /// <summary>Where monitoring stands: elapsed and remaining time, checkpoints, open alerts, latest vitals.</summary>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<SessionStatusResponse>> Status(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetSessionStatus(id), cancellationToken));

    /// <summary>Discharge readiness: every check with pass or fail and a sentence.</summary>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<ReadinessResponse>> Readiness(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetReadiness(id), cancellationToken));

    /// <summary>Records a clinician's override, with a reason, of an overridable pre-dose check.</summary>
    /// <remarks>Only RIDE, PRE-DOSE-BP and SCREENING-CLEARED; the REMS checks cannot be overridden.</remarks>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<SessionResponse>> Override(Guid id, DosingOverrideRequest request, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new OverrideDosingCheck(id, request), cancellationToken));

    /// <summary>Records the dose after the pre-dose checks.</summary>
    /// <remarks>
    /// Esketamine: doseMg and the devices with lot numbers (devices less than 5 minutes apart are flagged). IV ketamine:
    /// weight, mg/kg and the infusion's start. 422 <c>session.dosing-blocked</c> lists failing checks;
    /// 422 <c>session.dose-not-allowed</c> when the protocol does not allow the dose in this phase.
    /// </remarks>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<SessionResponse>> Dose(Guid id, DoseRequest dose, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RecordDose(id, dose), cancellationToken));

    /// <summary>Records the end of an IV infusion; the monitoring clock starts then.</summary>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<SessionResponse>> InfusionEnd(Guid id, InfusionEndRequest end, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new EndInfusion(id, end), cancellationToken));

    /// <summary>Records one reading and returns the alerts it raised.</summary>
    /// <remarks>Implausible values get 400 naming the field. Send an <c>Idempotency-Key</c>: a retried post is recorded once.</remarks>
    /// <param name="id">Session id.</param>
    /// <response code="201">The reading was recorded.</response>
    private static async Task<Created<RecordedVitalsResponse>> Vitals(Guid id, VitalsRequest vitals, IMediator mediator, CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(new RecordVitals(id, vitals), cancellationToken);
        return TypedResults.Created($"/api/v1/sessions/{id}", recorded);
    }

    /// <summary>Records a batch of readings kept offline, each validated and reported on by itself.</summary>
    /// <remarks>Idempotent as a whole with an <c>Idempotency-Key</c>.</remarks>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<VitalsBatchResponse>> VitalsBatch(Guid id, VitalsBatchRequest batch, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RecordVitalsBatch(id, batch), cancellationToken));

    /// <summary>Corrects a reading by an addendum that names it and says why; the original stays.</summary>
    /// <param name="id">Session id.</param>
    /// <param name="readingId">The reading to correct.</param>
    /// <response code="201">The correction was recorded.</response>
    private static async Task<Created<RecordedVitalsResponse>> Correct(
        Guid id, Guid readingId, ReadingCorrectionRequest correction, IMediator mediator, CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(new CorrectReading(id, readingId, correction), cancellationToken);
        return TypedResults.Created($"/api/v1/sessions/{id}", recorded);
    }

    /// <summary>Resolves an open alert with a clinician's note.</summary>
    /// <param name="id">Session id.</param>
    /// <param name="alertId">Alert id.</param>
    private static async Task<Ok<AlertResponse>> Resolve(Guid id, Guid alertId, AlertResolutionRequest resolution, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ResolveAlert(id, alertId, resolution), cancellationToken));

    /// <summary>Discharges a patient who is ready; locks the session and produces its REMS monitoring record.</summary>
    /// <remarks>Not ready: 409 <c>session.not-ready</c> with every failed check in <c>reasons</c>.</remarks>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<SessionResponse>> Discharge(Guid id, DischargeRequest discharge, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new DischargePatient(id, discharge), cancellationToken));

    /// <summary>Records that the patient left before being ready, against advice; flagged for REMS.</summary>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<SessionResponse>> EarlyDeparture(Guid id, EarlyDepartureRequest departure, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RecordEarlyDeparture(id, departure), cancellationToken));

    /// <summary>Reads the session's REMS monitoring record, produced when the session ended.</summary>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<RemsRecordResponse>> RemsRecord(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetRemsRecord(id), cancellationToken));

    /// <summary>Marks a REMS monitoring record submitted, with who and when.</summary>
    /// <param name="id">Record id.</param>
    private static async Task<Ok<RemsRecordResponse>> SubmitRems(Guid id, RemsSubmissionRequest submission, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new SubmitRemsRecord(id, submission), cancellationToken));

    /// <summary>Lists a site's REMS monitoring records: pending, overdue (past the 7-day deadline) or submitted.</summary>
    /// <param name="siteId">Site id.</param>
    /// <param name="status">Pending (default), Overdue or Submitted.</param>
    /// <param name="page">1-based page (default 1).</param>
    /// <param name="pageSize">1-100 (default 25).</param>
    private static async Task<Ok<Application.Common.PagedResult<RemsRecordResponse>>> ListRems(
        Guid siteId, IMediator mediator, CancellationToken cancellationToken, RemsRecordFilter status = RemsRecordFilter.Pending, int page = 1, int pageSize = 25) =>
        TypedResults.Ok(await mediator.Send(new ListRemsRecords(siteId, status, page, pageSize), cancellationToken));

    /// <summary>Outcome tracking: PHQ-9 per session, response and remission, non-response at the end of induction.</summary>
    /// <param name="id">Course id.</param>
    private static async Task<Ok<CourseOutcomesResponse>> Outcomes(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetCourseOutcomes(id), cancellationToken));
}
