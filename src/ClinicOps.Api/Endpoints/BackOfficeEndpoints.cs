using System.Text;
using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Authorizations;
using ClinicOps.Application.Billing;
using ClinicOps.Application.TreatmentDay;
using ClinicOps.Domain.Authorizations;
using ClinicOps.Domain.Billing;
using ClinicOps.Domain.TreatmentDay;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>The back office: billing codes and superbills, prior authorizations, and the printable REMS Patient Monitoring Form.</summary>
internal static class BackOfficeEndpoints
{
    public static void MapBackOffice(this IEndpointRouteBuilder app)
    {
        var codes = app.MapGroup("/api/v1/billing-codes").WithTags(ApiTags.Billing).WithMetadata(new AuditedResource(nameof(BillingCode), IdRouteKey: null));
        codes.MapGet("/", ListCodes).WithName("listBillingCodes").RequireAuthorization(AccessPolicies.BillingRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest);

        var perSession = app.MapGroup("/api/v1/sessions").WithTags(ApiTags.Billing).WithMetadata(new AuditedResource(nameof(TreatmentSession)));
        perSession.MapGet("/{id:guid}/superbill", Superbill).WithName("getSuperbill").RequireAuthorization(AccessPolicies.BillingRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        perSession.MapGet("/{id:guid}/superbill.csv", SuperbillCsvExport).WithName("exportSuperbill").RequireAuthorization(AccessPolicies.BillingRead)
            .Produces<string>(StatusCodes.Status200OK, SuperbillCsv.MediaType)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var perSite = app.MapGroup("/api/v1/sites/{siteId:guid}").WithTags(ApiTags.Billing).WithMetadata(new AuditedResource(nameof(TreatmentSession), IdRouteKey: null));
        perSite.MapGet("/superbills", Superbills).WithName("listSuperbills").RequireAuthorization(AccessPolicies.BillingRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        perSite.MapGet("/superbills.csv", SuperbillsCsvExport).WithName("exportSuperbills").RequireAuthorization(AccessPolicies.BillingRead)
            .Produces<string>(StatusCodes.Status200OK, SuperbillCsv.MediaType)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var courses = app.MapGroup("/api/v1/courses").WithTags(ApiTags.Courses).WithMetadata(new AuditedResource(nameof(PriorAuthorization)));
        courses.MapPost("/{id:guid}/prior-authorizations", RecordAuthorization).WithName("recordPriorAuthorization").RequireAuthorization(AccessPolicies.AuthorizationsManage)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        courses.MapGet("/{id:guid}/prior-authorizations", ListAuthorizations).WithName("listPriorAuthorizations").RequireAuthorization(AccessPolicies.CoursesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        courses.MapPost("/{id:guid}/prior-authorization-overrides", OverrideAuthorization).WithName("recordPriorAuthorizationOverride")
            .RequireAuthorization(AccessPolicies.AuthorizationsOverride).ProducesStandardProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        courses.MapGet("/{id:guid}/prior-authorization-packet", Packet).WithName("getPriorAuthorizationPacket").RequireAuthorization(AccessPolicies.CoursesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        courses.MapGet("/{id:guid}/prior-authorization-packet.html", PacketPage).WithName("getPriorAuthorizationPacketPage").RequireAuthorization(AccessPolicies.CoursesRead)
            .Produces<string>(StatusCodes.Status200OK, RemsFormHtml.MediaType)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);

        var siteAuthorizations = app.MapGroup("/api/v1/sites/{siteId:guid}").WithTags(ApiTags.Courses)
            .WithMetadata(new AuditedResource(nameof(PriorAuthorization), IdRouteKey: null));
        siteAuthorizations.MapGet("/prior-authorization-reminders", Reminders).WithName("listPriorAuthorizationReminders").RequireAuthorization(AccessPolicies.CoursesRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);

        var forms = app.MapGroup("/api/v1/sessions").WithTags(ApiTags.TreatmentDay).WithMetadata(new AuditedResource(nameof(RemsMonitoringRecord)));
        forms.MapGet("/{id:guid}/rems-form", Form).WithName("getRemsForm").RequireAuthorization(AccessPolicies.SessionsRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        forms.MapGet("/{id:guid}/rems-form.html", FormPage).WithName("getRemsFormPage").RequireAuthorization(AccessPolicies.SessionsRead)
            .Produces<string>(StatusCodes.Status200OK, RemsFormHtml.MediaType)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>Lists the billing code table, or the rows effective on one date of service.</summary>
    /// <param name="on">Only rows effective on this date (yyyy-MM-dd).</param>
    private static async Task<Ok<IReadOnlyList<BillingCodeResponse>>> ListCodes(IMediator mediator, CancellationToken cancellationToken, DateOnly? on = null) =>
        TypedResults.Ok(await mediator.Send(new ListBillingCodes(on), cancellationToken));

    /// <summary>Reads the superbill of a dosed session: codes and units derived from the record, diagnosis, REMS enrollment, prescriber, facility.</summary>
    /// <remarks>The session's date picks the codes (e.g. S0013 through 2025-12-31, J0013 from 2026-01-01). 404 until the session has a dose.</remarks>
    /// <param name="id">Session id.</param>
    /// <param name="payerBillsDrug">Esketamine: the payer has the clinic bill the drug per mg (default false).</param>
    private static async Task<Ok<SuperbillResponse>> Superbill(Guid id, IMediator mediator, CancellationToken cancellationToken, bool payerBillsDrug = false) =>
        TypedResults.Ok(await mediator.Send(new GetSuperbill(id, payerBillsDrug), cancellationToken));

    /// <summary>Exports the superbill of a dosed session as CSV, one row per code.</summary>
    /// <param name="id">Session id.</param>
    /// <param name="payerBillsDrug">Esketamine: bill the drug per mg (default false).</param>
    private static async Task<IResult> SuperbillCsvExport(Guid id, IMediator mediator, CancellationToken cancellationToken, bool payerBillsDrug = false) =>
        Csv(SuperbillCsv.Write([await mediator.Send(new GetSuperbill(id, payerBillsDrug), cancellationToken)]));

    /// <summary>Lists the superbills of a site's dosed sessions between two local dates (at most 31), in time order.</summary>
    /// <param name="siteId">Site id.</param>
    /// <param name="from">First local date (yyyy-MM-dd).</param>
    /// <param name="to">Last local date (yyyy-MM-dd), inclusive.</param>
    /// <param name="payerBillsDrug">Esketamine: bill the drug per mg (default false).</param>
    private static async Task<Ok<IReadOnlyList<SuperbillResponse>>> Superbills(
        Guid siteId, IMediator mediator, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null, bool payerBillsDrug = false) =>
        TypedResults.Ok(await mediator.Send(new ListSuperbills(siteId, from, to, payerBillsDrug), cancellationToken));

    /// <summary>Exports the superbills of a site's dosed sessions between two local dates as CSV, one row per code.</summary>
    /// <param name="siteId">Site id.</param>
    /// <param name="from">First local date (yyyy-MM-dd).</param>
    /// <param name="to">Last local date (yyyy-MM-dd), inclusive.</param>
    /// <param name="payerBillsDrug">Esketamine: bill the drug per mg (default false).</param>
    private static async Task<IResult> SuperbillsCsvExport(
        Guid siteId, IMediator mediator, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null, bool payerBillsDrug = false) =>
        Csv(SuperbillCsv.Write(await mediator.Send(new ListSuperbills(siteId, from, to, payerBillsDrug), cancellationToken)));

    /// <summary>Reads the session's REMS Patient Monitoring Form as data: every field in form order, and the missing ones named.</summary>
    /// <param name="id">Session id.</param>
    private static async Task<Ok<RemsFormSheetResponse>> Form(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetRemsForm(id), cancellationToken));

    /// <summary>The session's REMS Patient Monitoring Form as one printable page (HTML with a print stylesheet), to print or fax from a browser.</summary>
    /// <param name="id">Session id.</param>
    private static async Task<IResult> FormPage(Guid id, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var sheet = await mediator.Send(new GetRemsForm(id), cancellationToken);
        http.Response.Headers.ContentSecurityPolicy = RemsFormHtml.ContentSecurityPolicy;
        return TypedResults.Text(RemsFormHtml.Write(sheet), $"{RemsFormHtml.MediaType}; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Records a payer's prior authorization for a course: payer, reference, approved count and/or dates, status, documents.</summary>
    /// <param name="id">Course id.</param>
    /// <response code="201">The PA was recorded.</response>
    private static async Task<Created<PriorAuthorizationResponse>> RecordAuthorization(Guid id, PriorAuthorizationRequest authorization, IMediator mediator, CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(new RecordPriorAuthorization(id, authorization), cancellationToken);
        return TypedResults.Created($"/api/v1/courses/{id}/prior-authorizations", recorded);
    }

    /// <summary>Lists a course's prior authorizations with sessions left and the reminders due (expiry within 14 days, 2 sessions left).</summary>
    /// <param name="id">Course id.</param>
    private static async Task<Ok<IReadOnlyList<PriorAuthorizationResponse>>> ListAuthorizations(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListPriorAuthorizations(id), cancellationToken));

    /// <summary>Lists a site's approved PAs with a reminder due today: expiring within 14 days, or 2 or fewer sessions left.</summary>
    /// <param name="siteId">Site id.</param>
    private static async Task<Ok<IReadOnlyList<PriorAuthorizationResponse>>> Reminders(Guid siteId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListPriorAuthorizationReminders(siteId), cancellationToken));

    /// <summary>Lets sessions on the given dates be booked although the PA does not cover them (ClinicAdmin, with a reason).</summary>
    /// <param name="id">Course id.</param>
    /// <response code="201">The override was recorded.</response>
    private static async Task<Created<PriorAuthorizationOverrideResponse>> OverrideAuthorization(
        Guid id, PriorAuthorizationOverrideRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var recorded = await mediator.Send(new OverridePriorAuthorization(id, request), cancellationToken);
        return TypedResults.Created($"/api/v1/courses/{id}/prior-authorizations", recorded);
    }

    /// <summary>Reads the PA packet of a course: diagnosis, failed antidepressant trials, PHQ-9 history, REMS, and the PAs.</summary>
    /// <param name="id">Course id.</param>
    private static async Task<Ok<PriorAuthorizationPacketResponse>> Packet(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetPriorAuthorizationPacket(id), cancellationToken));

    /// <summary>The PA packet of a course as one printable page (HTML).</summary>
    /// <param name="id">Course id.</param>
    private static async Task<IResult> PacketPage(Guid id, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var packet = await mediator.Send(new GetPriorAuthorizationPacket(id), cancellationToken);
        http.Response.Headers.ContentSecurityPolicy = PriorAuthorizationPacketHtml.ContentSecurityPolicy;
        return TypedResults.Text(PriorAuthorizationPacketHtml.Write(packet), $"{RemsFormHtml.MediaType}; charset=utf-8", Encoding.UTF8);
    }

    private static ContentHttpResult Csv(string content) => TypedResults.Text(content, $"{SuperbillCsv.MediaType}; charset=utf-8", Encoding.UTF8);
}
