using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Courses;
using ClinicOps.Application.Scheduling;
using ClinicOps.Domain.Scheduling;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Treatment courses: start, phases, re-evaluation, and planning and booking their sessions.</summary>
internal static class CourseEndpoints
{
    public static void MapCourses(this IEndpointRouteBuilder app)
    {
        var perPatient = app.MapGroup("/api/v1/patients/{patientId:guid}/courses").WithTags(ApiTags.Courses)
            .WithMetadata(new AuditedResource(nameof(TreatmentCourse), IdRouteKey: null, PatientRouteKey: "patientId"));
        perPatient.MapPost("/", Start).WithName("startCourse").ReturnsETag().RequireAuthorization(AccessPolicies.CoursesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        perPatient.MapGet("/", ListForPatient).WithName("listPatientCourses").RequireAuthorization(AccessPolicies.CoursesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);

        var courses = app.MapGroup("/api/v1/courses").WithTags(ApiTags.Courses).WithMetadata(new AuditedResource(nameof(TreatmentCourse)));
        courses.MapGet("/{id:guid}", Get).WithName("getCourse").ReturnsETag().RequireAuthorization(AccessPolicies.CoursesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        courses.MapPost("/{id:guid}/phase", ChangePhase).WithName("changeCoursePhase").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.CoursesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        courses.MapPost("/{id:guid}/reevaluations", Reevaluate).WithName("reevaluateCourse").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.CoursesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);

        var booking = app.MapGroup("/api/v1/courses").WithTags(ApiTags.Appointments).WithMetadata(new AuditedResource(nameof(Appointment), IdRouteKey: null));
        booking.MapPost("/{id:guid}/plan", Plan).WithName("planSeries").RequireAuthorization(AccessPolicies.AppointmentsBook)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        booking.MapPost("/{id:guid}/sessions", Book).WithName("bookSessions").RequireAuthorization(AccessPolicies.AppointmentsBook)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        booking.MapGet("/{id:guid}/follow-up-proposals", FollowUps).WithName("proposeFollowUps").RequireAuthorization(AccessPolicies.AppointmentsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>Starts a treatment course for a patient.</summary>
    /// <remarks>
    /// Only on the patient's current screening when it is cleared for treatment, for the protocol's treatment and
    /// indication (422 <c>course.screening-not-cleared</c> with the reasons otherwise). A retired protocol gets 422
    /// <c>course.protocol-retired</c>; a second open course gets 409 <c>course.already-open</c>.
    /// </remarks>
    /// <param name="patientId">Patient id.</param>
    /// <response code="201">The course was started in Induction.</response>
    private static async Task<Created<CourseResponse>> Start(
        Guid patientId, StartCourseRequest course, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var started = await mediator.Send(new StartCourse(patientId, course), cancellationToken);
        response.Headers.ETag = ETags.For(started.Version);
        return TypedResults.Created($"/api/v1/courses/{started.Value.Id}", started.Value);
    }

    /// <summary>Lists a patient's courses, newest first.</summary>
    /// <param name="patientId">Patient id.</param>
    private static async Task<Ok<IReadOnlyList<CourseResponse>>> ListForPatient(Guid patientId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListPatientCourses(patientId), cancellationToken));

    /// <summary>Reads a course with its phase history and re-evaluations.</summary>
    /// <param name="id">Course id.</param>
    /// <response code="200">The course, with its ETag.</response>
    private static async Task<Ok<CourseResponse>> Get(Guid id, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var course = await mediator.Send(new GetCourse(id), cancellationToken);
        response.Headers.ETag = ETags.For(course.Version);
        return TypedResults.Ok(course.Value);
    }

    /// <summary>Moves a course to Reassessment, Completed or Stopped, with a reason.</summary>
    /// <remarks>Maintenance opens only through a re-evaluation (422 <c>course.reevaluation-required</c>).</remarks>
    /// <param name="id">Course id.</param>
    /// <response code="200">The course in its new phase.</response>
    private static async Task<Ok<CourseResponse>> ChangePhase(
        Guid id, CoursePhaseChangeRequest change, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var course = await mediator.Send(new ChangeCoursePhase(id, ETags.RequiredVersion(http.Request, "Course"), change), cancellationToken);
        http.Response.Headers.ETag = ETags.For(course.Version);
        return TypedResults.Ok(course.Value);
    }

    /// <summary>Records a clinician's re-evaluation of a course in Reassessment.</summary>
    /// <remarks>
    /// Records the date, the PHQ-9 trend since screening (response, remission), the decision and the maintenance
    /// sessions it allows. ContinueMaintenance opens maintenance up to that number; more than the protocol's cap per
    /// re-evaluation gets 422 <c>course.above-maintenance-cap</c>.
    /// </remarks>
    /// <param name="id">Course id.</param>
    /// <response code="200">The course after the re-evaluation.</response>
    private static async Task<Ok<CourseResponse>> Reevaluate(
        Guid id, ReevaluationRequest reevaluation, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var course = await mediator.Send(new ReevaluateCourse(id, ETags.RequiredVersion(http.Request, "Course"), reevaluation), cancellationToken);
        http.Response.Headers.ETag = ETags.For(course.Version);
        return TypedResults.Ok(course.Value);
    }

    /// <summary>Proposes the remaining sessions of the course's current phase; writes nothing.</summary>
    /// <remarks>
    /// Honours the protocol's spacing and weekly limit, opening hours and closures, a free chair for the whole session
    /// length, and the patient's other appointments; explains each session it could not place. Esketamine needs the
    /// site's REMS certification and the patient's REMS enrollment (422 <c>appointment.rems-missing</c>).
    /// </remarks>
    /// <param name="id">Course id.</param>
    /// <response code="200">The proposal.</response>
    private static async Task<Ok<SeriesPlanResponse>> Plan(Guid id, PlanSeriesRequest plan, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new PlanSeries(id, plan), cancellationToken));

    /// <summary>Books dosing sessions of a course, all or nothing.</summary>
    /// <remarks>
    /// A proposal or a single session. Every rule of planning applies (422 <c>appointment.not-bookable</c> with the
    /// reasons); a chair taken at the same moment by another clerk gets 409 <c>appointment.chair-taken</c>, a patient
    /// already booked 409 <c>appointment.patient-double-booked</c>, and nothing is booked.
    /// </remarks>
    /// <param name="id">Course id.</param>
    /// <response code="201">The sessions were booked.</response>
    private static async Task<Created<IReadOnlyList<AppointmentResponse>>> Book(
        Guid id, BookSessionsRequest booking, IMediator mediator, CancellationToken cancellationToken)
    {
        var booked = await mediator.Send(new BookSessions(id, booking), cancellationToken);
        return TypedResults.Created($"/api/v1/appointments/{booked[0].Id}", booked);
    }

    /// <summary>Proposes the follow-ups the course still lacks, each with a suggested free time.</summary>
    /// <remarks>Integration therapy 24-72 hours after each booked dosing session; a follow-up visit within 7 days after the induction series ends.</remarks>
    /// <param name="id">Course id.</param>
    private static async Task<Ok<IReadOnlyList<FollowUpProposal>>> FollowUps(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ProposeFollowUps(id), cancellationToken));
}
