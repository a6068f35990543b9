using System.Text;
using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Application.Scheduling;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Schedule reads: a site's day sheet and free slots, a patient's appointments and calendar feed.</summary>
internal static class ScheduleReadEndpoints
{
    public static void MapScheduleReads(this IEndpointRouteBuilder app)
    {
        var perSite = app.MapGroup("/api/v1/sites/{siteId:guid}").WithTags(ApiTags.Appointments)
            .WithMetadata(new AuditedResource(nameof(Appointment), IdRouteKey: null));
        perSite.MapGet("/day-sheet", DaySheet).WithName("getDaySheet").RequireAuthorization(AccessPolicies.AppointmentsRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        perSite.MapGet("/free-slots", FreeSlots).WithName("findFreeSlots").RequireAuthorization(AccessPolicies.AppointmentsRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var perPatient = app.MapGroup("/api/v1/patients/{patientId:guid}").WithTags(ApiTags.Appointments)
            .WithMetadata(new AuditedResource(nameof(Appointment), IdRouteKey: null, PatientRouteKey: "patientId"));
        perPatient.MapGet("/appointments", ListForPatient).WithName("listPatientAppointments").RequireAuthorization(AccessPolicies.AppointmentsRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        perPatient.MapGet("/appointments.ics", Calendar).WithName("exportPatientCalendar").RequireAuthorization(AccessPolicies.AppointmentsRead)
            .Produces<string>(StatusCodes.Status200OK, CalendarFeed.MediaType)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    /// <summary>Reads a site's day sheet: every chair with its sessions, and the appointments without a chair.</summary>
    /// <remarks>
    /// For staff in the clinic, so it names the patients. Lists the active chairs (and out-of-service chairs still
    /// holding a session that day) in name order, each with its appointments of the local date in time order,
    /// cancelled and missed ones included with their status; then integration therapy and follow-up visits.
    /// </remarks>
    /// <param name="siteId">Site id.</param>
    /// <param name="date">Local date at the site (yyyy-MM-dd).</param>
    /// <response code="200">The day sheet.</response>
    private static async Task<Ok<DaySheetResponse>> DaySheet(Guid siteId, IMediator mediator, CancellationToken cancellationToken, DateOnly? date = null) =>
        TypedResults.Ok(await mediator.Send(new GetDaySheet { SiteId = siteId, Date = date }, cancellationToken));

    /// <summary>Finds the start times at which a session of a protocol fits a free chair, per local date.</summary>
    /// <remarks>
    /// Every date from <c>from</c> to <c>to</c> (at most 31 dates), each with the 15-minute grid times in the opening
    /// hours at which at least one active chair is free for the protocol's whole session length, and the ids of those
    /// chairs. Closed dates have no times and say why; times already past are left out. An unknown protocol gets 404.
    /// </remarks>
    /// <param name="siteId">Site id.</param>
    /// <param name="from">First local date (yyyy-MM-dd).</param>
    /// <param name="to">Last local date (yyyy-MM-dd), inclusive.</param>
    /// <param name="protocolId">The protocol whose session length must fit.</param>
    /// <response code="200">The free start times per date.</response>
    private static async Task<Ok<FreeSlotsResponse>> FreeSlots(
        Guid siteId, IMediator mediator, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null, Guid? protocolId = null) =>
        TypedResults.Ok(await mediator.Send(new FindFreeSlots { SiteId = siteId, From = from, To = to, ProtocolId = protocolId }, cancellationToken));

    /// <summary>Lists a patient's appointments, cancelled and missed ones included.</summary>
    /// <remarks>
    /// <c>Upcoming</c> (not ended yet, soonest first; the default), <c>Past</c> (most recent first) or <c>All</c>
    /// (earliest first); ties are ordered by id.
    /// </remarks>
    /// <param name="patientId">Patient id.</param>
    /// <param name="when">Upcoming, Past or All, in any case (default Upcoming).</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    /// <response code="200">One page of appointments.</response>
    private static async Task<Ok<PagedResult<AppointmentResponse>>> ListForPatient(
        Guid patientId,
        IMediator mediator,
        CancellationToken cancellationToken,
        [CaseInsensitiveEnum(typeof(AppointmentWindow))] string? when = null,
        int page = 1,
        int pageSize = PagedResult<AppointmentResponse>.DefaultPageSize)
    {
        var window = AppointmentWindow.Upcoming;
        if (when is not null && !CaseInsensitiveEnumAttribute.TryParse(when, out window))
        {
            throw new ValidationException([new ValidationFailure("when", "'when' must be Upcoming, Past or All (any case).")]);
        }

        return TypedResults.Ok(await mediator.Send(new ListPatientAppointments { PatientId = patientId, When = window, Page = page, PageSize = pageSize }, cancellationToken));
    }

    /// <summary>Exports a patient's appointments as an iCalendar feed for the patient's calendar app.</summary>
    /// <remarks>
    /// <c>text/calendar</c> (RFC 5545). Times are UTC (<c>DTSTART</c>/<c>DTEND</c> ending in <c>Z</c>), with the site's
    /// zone in <c>X-WR-TIMEZONE</c>. One event per appointment: <c>UID</c> is <c>{appointment id}@clinicops</c>,
    /// <c>SEQUENCE</c> its version, <c>LOCATION</c> the site's name and <c>SUMMARY</c> always <c>Appointment</c>: no drug,
    /// phase, session number or name. Cancelled appointments stay in the feed with <c>STATUS:CANCELLED</c> so
    /// subscribed calendars drop them; booked and missed ones are <c>STATUS:CONFIRMED</c>.
    /// </remarks>
    /// <param name="patientId">Patient id.</param>
    /// <response code="200">The iCalendar feed.</response>
    private static async Task<IResult> Calendar(Guid patientId, IMediator mediator, CancellationToken cancellationToken)
    {
        var feed = await mediator.Send(new ExportPatientCalendar { PatientId = patientId }, cancellationToken);
        return TypedResults.Text(feed.Content, $"{CalendarFeed.MediaType}; charset=utf-8", Encoding.UTF8);
    }
}
