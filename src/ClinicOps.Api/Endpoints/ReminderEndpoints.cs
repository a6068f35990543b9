using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Application.Reminders;
using ClinicOps.Application.Sites;
using ClinicOps.Domain.Reminders;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>Reminders per patient and per site, and each site's reminder offsets.</summary>
internal static class ReminderEndpoints
{
    public static void MapReminders(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/patients/{patientId:guid}/reminders").WithTags(ApiTags.Reminders).WithMetadata(new AuditedResource(nameof(Reminder), IdRouteKey: null))
            .MapGet("/", ListForPatient).WithName("listPatientReminders").RequireAuthorization(AccessPolicies.RemindersRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var site = app.MapGroup("/api/v1/sites/{siteId:guid}").WithTags(ApiTags.Reminders).WithMetadata(new AuditedResource(nameof(Reminder), IdRouteKey: null));
        site.MapGet("/reminders", ListForSite).WithName("listSiteReminders").RequireAuthorization(AccessPolicies.RemindersRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        site.MapGet("/reminder-settings", GetSettings).WithName("getReminderSettings").ReturnsETag().RequireAuthorization(AccessPolicies.SitesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        site.MapPut("/reminder-settings", ReplaceSettings).WithName("replaceReminderSettings").ReturnsETag().RequiresIfMatch()
            .RequireAuthorization(AccessPolicies.SitesManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    /// <summary>Lists a patient's reminders by due time.</summary>
    /// <remarks>Every reminder the patient has had: scheduled, sent, failed (its delivery dead-lettered) and cancelled.</remarks>
    /// <param name="patientId">Patient id.</param>
    /// <param name="status">Only reminders with this status.</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    private static async Task<Ok<PagedResult<ReminderResponse>>> ListForPatient(
        Guid patientId, IMediator mediator, CancellationToken cancellationToken, ReminderStatus? status = null, int page = 1,
        int pageSize = PagedResult<ReminderResponse>.DefaultPageSize) =>
        TypedResults.Ok(await mediator.Send(new ListPatientReminders { PatientId = patientId, Status = status, Page = page, PageSize = pageSize }, cancellationToken));

    /// <summary>Lists a site's reminders by due time.</summary>
    /// <param name="siteId">Site id.</param>
    /// <param name="status">Only reminders with this status.</param>
    /// <param name="from">Due at or after this instant.</param>
    /// <param name="to">Due before this instant.</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    private static async Task<Ok<PagedResult<ReminderResponse>>> ListForSite(
        Guid siteId, IMediator mediator, CancellationToken cancellationToken, ReminderStatus? status = null, DateTimeOffset? from = null,
        DateTimeOffset? to = null, int page = 1, int pageSize = PagedResult<ReminderResponse>.DefaultPageSize) =>
        TypedResults.Ok(await mediator.Send(
            new ListSiteReminders { SiteId = siteId, Status = status, From = from, To = to, Page = page, PageSize = pageSize }, cancellationToken));

    /// <summary>Reads a site's reminder offsets.</summary>
    /// <remarks>The ETag is the site's version.</remarks>
    /// <param name="siteId">Site id.</param>
    private static async Task<Ok<ReminderSettingsResponse>> GetSettings(Guid siteId, IMediator mediator, HttpResponse response, CancellationToken cancellationToken)
    {
        var settings = await mediator.Send(new GetReminderSettings(siteId), cancellationToken);
        response.Headers.ETag = ETags.For(settings.Version);
        return TypedResults.Ok(settings.Value);
    }

    /// <summary>Replaces a site's reminder offsets.</summary>
    /// <remarks>Full replacement with <c>If-Match</c> (the site's ETag); reminders scheduled from then on use them, already scheduled ones keep their times.</remarks>
    /// <param name="siteId">Site id.</param>
    private static async Task<Ok<ReminderSettingsResponse>> ReplaceSettings(
        Guid siteId, ReminderSettingsRequest settings, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        var replaced = await mediator.Send(new ReplaceReminderSettings(siteId, ETags.RequiredVersion(http.Request, "Site"), settings), cancellationToken);
        http.Response.Headers.ETag = ETags.For(replaced.Version);
        return TypedResults.Ok(replaced.Value);
    }
}
