using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Scheduling;
using ClinicOps.Domain.Scheduling;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Appointments: read, move, cancel, no-show, and follow-ups for a patient.</summary>
internal static class AppointmentEndpoints
{
    public static void MapAppointments(this IEndpointRouteBuilder app)
    {
        var perPatient = app.MapGroup("/api/v1/patients/{patientId:guid}/appointments").WithTags(ApiTags.Appointments)
            .WithMetadata(new AuditedResource(nameof(Appointment), IdRouteKey: null, PatientRouteKey: "patientId"));
        perPatient.MapPost("/", BookFollowUp).WithName("bookFollowUp").ReturnsETag().RequireAuthorization(AccessPolicies.AppointmentsBook)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        var appointments = app.MapGroup("/api/v1/appointments").WithTags(ApiTags.Appointments).WithMetadata(new AuditedResource(nameof(Appointment)));
        appointments.MapGet("/{id:guid}", Get).WithName("getAppointment").ReturnsETag().RequireAuthorization(AccessPolicies.AppointmentsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        appointments.MapPost("/{id:guid}/reschedule", Reschedule).WithName("rescheduleAppointment").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.AppointmentsBook)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        appointments.MapPost("/{id:guid}/cancellation", Cancel).WithName("cancelAppointment").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.AppointmentsBook)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        appointments.MapPost("/{id:guid}/no-show", NoShow).WithName("markNoShow").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.AppointmentsBook)
            .ProducesStandardProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>Books an integration-therapy appointment or a follow-up visit for a patient.</summary>
    /// <remarks>An ordinary appointment without a chair, within opening hours; a clash with the patient's other appointments gets 409.</remarks>
    /// <param name="patientId">Patient id.</param>
    /// <response code="201">The appointment was booked.</response>
    private static async Task<Created<AppointmentResponse>> BookFollowUp(
        Guid patientId, FollowUpRequest followUp, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var booked = await mediator.Send(new Application.Scheduling.BookFollowUp(patientId, followUp), cancellationToken);
        response.Headers.ETag = ETags.For(booked.Version);
        return TypedResults.Created($"/api/v1/appointments/{booked.Value.Id}", booked.Value);
    }

    /// <summary>Reads an appointment.</summary>
    /// <param name="id">Appointment id.</param>
    /// <response code="200">The appointment, with its ETag.</response>
    private static async Task<Ok<AppointmentResponse>> Get(Guid id, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var appointment = await mediator.Send(new GetAppointment(id), cancellationToken);
        response.Headers.ETag = ETags.For(appointment.Version);
        return TypedResults.Ok(appointment.Value);
    }

    /// <summary>Moves a booked appointment under the same rules as booking.</summary>
    /// <remarks>A dosing session keeps its number in the series. A taken chair or a patient clash gets 409 and nothing changes.</remarks>
    /// <param name="id">Appointment id.</param>
    /// <response code="200">The moved appointment.</response>
    private static async Task<Ok<AppointmentResponse>> Reschedule(
        Guid id, RescheduleRequest move, IMediator mediator, HttpContext http, CancellationToken cancellationToken) =>
        Respond(http, await mediator.Send(new RescheduleAppointment(id, ETags.RequiredVersion(http.Request, "Appointment"), move), cancellationToken));

    /// <summary>Cancels a booked appointment with a reason.</summary>
    /// <remarks>Its chair and time are free again; a cancelled dosing session's number can be booked again.</remarks>
    /// <param name="id">Appointment id.</param>
    /// <response code="200">The cancelled appointment.</response>
    private static async Task<Ok<AppointmentResponse>> Cancel(
        Guid id, CancellationRequest cancellation, IMediator mediator, HttpContext http, CancellationToken cancellationToken) =>
        Respond(http, await mediator.Send(new CancelAppointment(id, ETags.RequiredVersion(http.Request, "Appointment"), cancellation), cancellationToken));

    /// <summary>Marks a started appointment as a no-show.</summary>
    /// <remarks>The series keeps its count and schedule (label: keep the schedule during induction).</remarks>
    /// <param name="id">Appointment id.</param>
    /// <response code="200">The appointment marked as a no-show.</response>
    private static async Task<Ok<AppointmentResponse>> NoShow(Guid id, IMediator mediator, HttpContext http, CancellationToken cancellationToken) =>
        Respond(http, await mediator.Send(new MarkNoShow(id, ETags.RequiredVersion(http.Request, "Appointment")), cancellationToken));

    private static Ok<AppointmentResponse> Respond(HttpContext http, Application.Common.Versioned<AppointmentResponse> appointment)
    {
        http.Response.Headers.ETag = ETags.For(appointment.Version);
        return TypedResults.Ok(appointment.Value);
    }
}
