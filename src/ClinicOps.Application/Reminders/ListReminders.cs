using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Reminders;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Reminders;

/// <summary>A reminder.</summary>
/// <param name="Id" example="0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9">Reminder id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="AppointmentId" example="7c6b5a49-3827-4160-9f8e-7d6c5b4a3928">The session it concerns, if any.</param>
/// <param name="SubjectId" example="7c6b5a49-3827-4160-9f8e-7d6c5b4a3928">The record it follows (appointment, session, course, screening, REMS record or prior authorization).</param>
/// <param name="Kind">What it is about (the list may grow).</param>
/// <param name="Audience">Patient or Staff.</param>
/// <param name="Label" example="24h">Which of several of one kind.</param>
/// <param name="DueAt" example="2026-12-02T15:00:00+00:00">When it is due.</param>
/// <param name="Status">Scheduled, Sent, Failed or Cancelled.</param>
/// <param name="Attempts" example="1">Delivery attempts of its event.</param>
/// <param name="SentAt" example="2026-12-02T15:00:04+00:00">When it was published.</param>
/// <param name="EventId" example="01937a5e-9c1d-7f00-8a3b-5c4d3e2f1a0b">The event it was published as (the webhook-id).</param>
/// <param name="CancellationReason" example="The session was cancelled.">Why it was cancelled.</param>
public sealed record ReminderResponse(
    Guid Id, Guid SiteId, Guid PatientId, Guid? AppointmentId, Guid SubjectId, ReminderKind Kind, ReminderAudience Audience, string Label,
    DateTimeOffset DueAt, ReminderStatus Status, int Attempts, DateTimeOffset? SentAt, Guid? EventId, string? CancellationReason)
{
    internal static ReminderResponse From(Reminder r) => new(
        r.Id, r.SiteId, r.PatientId, r.AppointmentId, r.SubjectId, r.Kind, r.Audience, r.Label, r.DueAt, r.Status, r.Attempts, r.SentAt, r.EventId, r.CancellationReason);

    internal AuditTarget AuditTarget => new(nameof(Reminder), Id.ToString(), SiteId, PatientId);
}

/// <summary>A patient's reminders, by due time.</summary>
public sealed record ListPatientReminders : IRequest<PagedResult<ReminderResponse>>
{
    /// <summary>Patient id.</summary>
    public Guid PatientId { get; init; }

    /// <summary>Only reminders with this status.</summary>
    public ReminderStatus? Status { get; init; }

    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>1-100.</summary>
    public int PageSize { get; init; } = PagedResult<ReminderResponse>.DefaultPageSize;
}

/// <summary>A site's reminders due in a time range, by due time.</summary>
public sealed record ListSiteReminders : IRequest<PagedResult<ReminderResponse>>
{
    /// <summary>Site id.</summary>
    public Guid SiteId { get; init; }

    /// <summary>Only reminders with this status.</summary>
    public ReminderStatus? Status { get; init; }

    /// <summary>Due at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Due before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>1-100.</summary>
    public int PageSize { get; init; } = PagedResult<ReminderResponse>.DefaultPageSize;
}

/// <summary>Rules for <see cref="ListPatientReminders"/>.</summary>
public sealed class ListPatientRemindersValidator : AbstractValidator<ListPatientReminders>
{
    /// <summary>Creates the validator.</summary>
    public ListPatientRemindersValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PagedResult<object>.MaxPageSize);
    }
}

/// <summary>Rules for <see cref="ListSiteReminders"/>.</summary>
public sealed class ListSiteRemindersValidator : AbstractValidator<ListSiteReminders>
{
    /// <summary>Creates the validator.</summary>
    public ListSiteRemindersValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, PagedResult<object>.MaxPageSize);
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("'to' must be after 'from'.");
    }
}

/// <summary>Handles the reminder lists.</summary>
public sealed class ListRemindersHandler(IClinicOpsDbContext db, IAuditTrail audit, ICurrentUser user) :
    IRequestHandler<ListPatientReminders, PagedResult<ReminderResponse>>,
    IRequestHandler<ListSiteReminders, PagedResult<ReminderResponse>>
{
    /// <inheritdoc />
    public async Task<PagedResult<ReminderResponse>> Handle(ListPatientReminders request, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == request.PatientId, cancellationToken))
        {
            throw new NotFoundException("Patient", request.PatientId);
        }

        var query = db.Reminders.AsNoTracking().Where(r => r.PatientId == request.PatientId);
        return await PageAsync(request.Status is { } status ? query.Where(r => r.Status == status) : query, request.Page, request.PageSize, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PagedResult<ReminderResponse>> Handle(ListSiteReminders request, CancellationToken cancellationToken)
    {
        if (!user.SiteIds.Contains(request.SiteId) || !await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            throw new NotFoundException("Site", request.SiteId);
        }

        var query = db.Reminders.AsNoTracking().Where(r => r.SiteId == request.SiteId);
        if (request.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (request.From is { } from)
        {
            query = query.Where(r => r.DueAt >= from);
        }

        if (request.To is { } to)
        {
            query = query.Where(r => r.DueAt < to);
        }

        return await PageAsync(query, request.Page, request.PageSize, cancellationToken);
    }

    private async Task<PagedResult<ReminderResponse>> PageAsync(IQueryable<Reminder> query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var result = await query.ReadPageAsync(q => q.OrderBy(r => r.DueAt).ThenBy(r => r.Id), r => r, page, pageSize, cancellationToken);
        var items = result.Items.Select(ReminderResponse.From).ToList();
        await audit.RecordReadsAsync(items.Select(i => i.AuditTarget), cancellationToken);
        return new PagedResult<ReminderResponse>(items, result.Page, result.PageSize, result.TotalCount);
    }
}
