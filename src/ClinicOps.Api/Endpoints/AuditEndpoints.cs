using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Auditing;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicOps.Api.Endpoints;

/// <summary>The audit trail (read-only: entries can never be changed or deleted).</summary>
internal static class AuditEndpoints
{
    public static void MapAuditTrail(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit-entries").WithTags(ApiTags.Audit).WithMetadata(new AuditedResource(nameof(AuditEntry)));
        group.MapGet("/", Query).WithName("queryAuditEntries").RequireAuthorization(AccessPolicies.AuditRead)
            .ProducesStandardProblems(StatusCodes.Status400BadRequest);
    }

    /// <summary>Queries the audit trail of the caller's sites, newest first.</summary>
    /// <param name="patientId">Only entries about this patient.</param>
    /// <param name="subject">Only entries by this token subject.</param>
    /// <param name="action">Only this action (Create, Read, Update, Delete).</param>
    /// <param name="outcome">Only this outcome (Success, Denied, NotFound).</param>
    /// <param name="from">Entries at or after this instant (ISO 8601 with offset).</param>
    /// <param name="to">Entries before this instant (ISO 8601 with offset).</param>
    /// <param name="page">1-based page number (default 1).</param>
    /// <param name="pageSize">Items per page, 1-100 (default 25).</param>
    private static async Task<Ok<PagedResult<AuditEntryResponse>>> Query(
        IMediator mediator,
        CancellationToken cancellationToken,
        Guid? patientId = null,
        string? subject = null,
        AuditAction? action = null,
        AuditOutcome? outcome = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        int page = 1,
        int pageSize = PagedResult<AuditEntryResponse>.DefaultPageSize)
    {
        var query = new QueryAuditTrail
        {
            PatientId = patientId,
            Subject = subject,
            Action = action,
            Outcome = outcome,
            From = from,
            To = to,
            Page = page,
            PageSize = pageSize,
        };
        return TypedResults.Ok(await mediator.Send(query, cancellationToken));
    }
}
