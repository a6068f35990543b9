using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Authorizations;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Authorizations;

/// <summary>A document the PA refers to.</summary>
public sealed record DocumentReferenceRequest
{
    /// <summary>What it is (1-100 characters).</summary>
    /// <example>Payer approval letter</example>
    public string? Title { get; init; }

    /// <summary>Where it is kept (1-200 characters).</summary>
    /// <example>DMS-2026-11-0042</example>
    public string? Reference { get; init; }
}

/// <summary>A payer's prior authorization for a course.</summary>
public sealed record PriorAuthorizationRequest
{
    /// <summary>The payer (1-100 characters).</summary>
    /// <example>Blue Cross Blue Shield of Illinois</example>
    public string? Payer { get; init; }

    /// <summary>The payer's reference number (1-64 characters).</summary>
    /// <example>PA-88123-X</example>
    public string? ReferenceNumber { get; init; }

    /// <summary>Requested, Approved or Denied.</summary>
    /// <example>Approved</example>
    public PriorAuthorizationStatus? Status { get; init; }

    /// <summary>Sessions approved (1-200); an approval needs a count, dates or both.</summary>
    /// <example>8</example>
    public int? ApprovedSessions { get; init; }

    /// <summary>First date of service covered.</summary>
    /// <example>2026-11-23</example>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>Last date of service covered (not before validFrom).</summary>
    /// <example>2027-01-22</example>
    public DateOnly? ValidThrough { get; init; }

    /// <summary>Documents referred to (up to 20).</summary>
    public IReadOnlyList<DocumentReferenceRequest>? Documents { get; init; }
}

/// <summary>A document a PA refers to.</summary>
/// <param name="Title" example="Payer approval letter">What it is.</param>
/// <param name="Reference" example="DMS-2026-11-0042">Where it is kept.</param>
public sealed record DocumentReferenceResponse(string Title, string Reference);

/// <summary>A prior authorization with what is left of it and the reminders it calls for.</summary>
/// <param name="Id" example="0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2d">PA id.</param>
/// <param name="CourseId" example="3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99">Course id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="Payer" example="Blue Cross Blue Shield of Illinois">Payer.</param>
/// <param name="ReferenceNumber" example="PA-88123-X">Payer's reference.</param>
/// <param name="Status">Requested, Approved or Denied.</param>
/// <param name="ApprovedSessions" example="8">Sessions approved.</param>
/// <param name="ValidFrom" example="2026-11-23">First date covered.</param>
/// <param name="ValidThrough" example="2027-01-22">Last date covered.</param>
/// <param name="Documents">Documents referred to.</param>
/// <param name="SessionsLeft" example="3">Approved sessions not yet booked within its dates; null without a count.</param>
/// <param name="Reminders">Reminders due today: ExpiresWithin14Days, FewSessionsLeft (approved PAs only).</param>
public sealed record PriorAuthorizationResponse(
    Guid Id, Guid CourseId, Guid PatientId, string Payer, string ReferenceNumber, PriorAuthorizationStatus Status, int? ApprovedSessions, DateOnly? ValidFrom,
    DateOnly? ValidThrough, IReadOnlyList<DocumentReferenceResponse> Documents, int? SessionsLeft, IReadOnlyList<AuthorizationReminder> Reminders)
{
    internal AuditTarget AuditTarget(Guid siteId) => new(nameof(PriorAuthorization), Id.ToString(), siteId, PatientId);
}

/// <summary>Records a payer's prior authorization for a course.</summary>
/// <param name="CourseId">Course id.</param>
/// <param name="Authorization">The PA.</param>
public sealed record RecordPriorAuthorization(Guid CourseId, PriorAuthorizationRequest Authorization) : IRequest<PriorAuthorizationResponse>;

/// <summary>The prior authorizations of a course, newest first.</summary>
/// <param name="CourseId">Course id.</param>
public sealed record ListPriorAuthorizations(Guid CourseId) : IRequest<IReadOnlyList<PriorAuthorizationResponse>>;

/// <summary>Rules for <see cref="RecordPriorAuthorization"/>.</summary>
public sealed class RecordPriorAuthorizationValidator : AbstractValidator<RecordPriorAuthorization>
{
    /// <summary>Creates the validator.</summary>
    public RecordPriorAuthorizationValidator()
    {
        RuleFor(r => r.Authorization.Payer).NotEmpty().MaximumLength(100).OverridePropertyName("payer");
        RuleFor(r => r.Authorization.ReferenceNumber).NotEmpty().MaximumLength(64).OverridePropertyName("referenceNumber");
        RuleFor(r => r.Authorization.Status).NotNull().IsInEnum().OverridePropertyName("status");
        RuleFor(r => r.Authorization.ApprovedSessions).InclusiveBetween(1, 200).OverridePropertyName("approvedSessions");
        RuleFor(r => r.Authorization.ValidThrough).GreaterThanOrEqualTo(r => r.Authorization.ValidFrom)
            .When(r => r.Authorization.ValidFrom is not null && r.Authorization.ValidThrough is not null).OverridePropertyName("validThrough");
        RuleFor(r => r.Authorization.ApprovedSessions).NotNull()
            .When(r => r.Authorization.Status == PriorAuthorizationStatus.Approved && r.Authorization.ValidFrom is null && r.Authorization.ValidThrough is null)
            .WithMessage("An approved PA needs approvedSessions, validFrom/validThrough, or both.").OverridePropertyName("approvedSessions");
        RuleFor(r => r.Authorization.Documents).Must(d => d!.Count <= 20).When(r => r.Authorization.Documents is not null).OverridePropertyName("documents");
        RuleForEach(r => r.Authorization.Documents).NotNull().ChildRules(d =>
        {
            d.RuleFor(x => x.Title).NotEmpty().MaximumLength(100);
            d.RuleFor(x => x.Reference).NotEmpty().MaximumLength(200);
        }).When(r => r.Authorization.Documents is not null).OverridePropertyName("documents");
    }
}

/// <summary>Handles the prior-authorization records.</summary>
public sealed class PriorAuthorizationsHandler(IClinicOpsDbContext db, IAuditTrail audit, TimeProvider clock) :
    IRequestHandler<RecordPriorAuthorization, PriorAuthorizationResponse>,
    IRequestHandler<ListPriorAuthorizations, IReadOnlyList<PriorAuthorizationResponse>>
{
    /// <inheritdoc />
    public async Task<PriorAuthorizationResponse> Handle(RecordPriorAuthorization request, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CourseId, cancellationToken)
            ?? throw new NotFoundException("Course", request.CourseId);
        var a = request.Authorization;
        var pa = new PriorAuthorization(course.Id, course.PatientId, course.SiteId, a.Payer!.Trim(), a.ReferenceNumber!.Trim(), a.Status!.Value, a.ApprovedSessions,
            a.ValidFrom, a.ValidThrough, [.. (a.Documents ?? []).Select(d => new DocumentReference(d.Title!.Trim(), d.Reference!.Trim()))]);
        db.PriorAuthorizations.Add(pa);
        await db.SaveChangesAsync(cancellationToken);
        return (await DescribeAsync(course, [pa], cancellationToken))[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PriorAuthorizationResponse>> Handle(ListPriorAuthorizations request, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CourseId, cancellationToken)
            ?? throw new NotFoundException("Course", request.CourseId);
        var all = await db.PriorAuthorizations.AsNoTracking().Where(p => p.CourseId == course.Id).OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var items = await DescribeAsync(course, all, cancellationToken);
        await audit.RecordReadsAsync(items.Select(i => i.AuditTarget(course.SiteId)), cancellationToken);
        return items;
    }

    private async Task<List<PriorAuthorizationResponse>> DescribeAsync(TreatmentCourse course, List<PriorAuthorization> authorizations, CancellationToken cancellationToken)
    {
        var timeZoneId = await db.Sites.Where(s => s.Id == course.SiteId).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var sessions = (await db.Appointments.AsNoTracking()
                .Where(x => x.CourseId == course.Id && x.Kind == AppointmentKind.Dosing && x.Status == AppointmentStatus.Booked)
                .Select(x => x.StartsAt).ToListAsync(cancellationToken))
            .Select(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s, zone).DateTime)).ToList();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        return [.. authorizations.Select(p =>
        {
            var left = PriorAuthorizationRules.SessionsLeft(p.Window, sessions);
            var reminders = p.Status == PriorAuthorizationStatus.Approved ? PriorAuthorizationRules.Reminders(p.Window, today, left) : [];
            return new PriorAuthorizationResponse(p.Id, p.CourseId, p.PatientId, p.Payer, p.ReferenceNumber, p.Status, p.ApprovedSessions, p.ValidFrom, p.ValidThrough,
                [.. p.Documents.Select(d => new DocumentReferenceResponse(d.Title, d.Reference))], left, reminders);
        })];
    }
}

/// <summary>
/// A site's approved prior authorizations with a reminder due today (expiring within 14 days, or 2 or fewer sessions
/// left), soonest expiry first. The reminders engine raises the same set (<see cref="PriorAuthorizationRemindersDue"/>)
/// as staff reminders, one per PA and kind (ADR 0015).
/// </summary>
/// <param name="SiteId">Site id.</param>
public sealed record ListPriorAuthorizationReminders(Guid SiteId) : IRequest<IReadOnlyList<PriorAuthorizationResponse>>;

/// <summary>Handles <see cref="ListPriorAuthorizationReminders"/>.</summary>
public sealed class ListPriorAuthorizationRemindersHandler(IClinicOpsDbContext db, IAuditTrail audit, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<ListPriorAuthorizationReminders, IReadOnlyList<PriorAuthorizationResponse>>
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<PriorAuthorizationResponse>> Handle(ListPriorAuthorizationReminders request, CancellationToken cancellationToken)
    {
        var timeZoneId = await db.Sites.Where(s => s.Id == request.SiteId && user.SiteIds.Contains(s.Id)).Select(s => s.TimeZoneId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Site", request.SiteId);
        var due = (await PriorAuthorizationRemindersDue.ForSiteAsync(db, request.SiteId, timeZoneId, clock.GetUtcNow(), cancellationToken))
            .Select(d => new PriorAuthorizationResponse(d.Authorization.Id, d.Authorization.CourseId, d.Authorization.PatientId, d.Authorization.Payer,
                d.Authorization.ReferenceNumber, d.Authorization.Status, d.Authorization.ApprovedSessions, d.Authorization.ValidFrom, d.Authorization.ValidThrough,
                [.. d.Authorization.Documents.Select(x => new DocumentReferenceResponse(x.Title, x.Reference))], d.SessionsLeft, d.Reminders))
            .ToList();
        await audit.RecordReadsAsync(due.Select(d => d.AuditTarget(request.SiteId)), cancellationToken);
        return due;
    }
}

/// <summary>An approved PA with the reminders it calls for today.</summary>
/// <param name="Authorization">The PA (not tracked).</param>
/// <param name="SessionsLeft">Approved sessions not yet booked within its dates; null without a count.</param>
/// <param name="Reminders">The reminders due today (never empty).</param>
public sealed record PriorAuthorizationReminderDue(PriorAuthorization Authorization, int? SessionsLeft, IReadOnlyList<AuthorizationReminder> Reminders);

/// <summary>
/// The one query behind both the back-office list and the reminder job: a site's approved, unexpired PAs for which
/// <see cref="PriorAuthorizationRules.Reminders"/> holds on the site's local date, soonest expiry first.
/// </summary>
public static class PriorAuthorizationRemindersDue
{
    /// <summary>The PAs of a site with a reminder due at <paramref name="now"/> (site's time zone decides the date).</summary>
    public static async Task<IReadOnlyList<PriorAuthorizationReminderDue>> ForSiteAsync(
        IClinicOpsDbContext db, Guid siteId, string timeZoneId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var approved = await db.PriorAuthorizations.AsNoTracking()
            .Where(p => p.SiteId == siteId && p.Status == PriorAuthorizationStatus.Approved && (p.ValidThrough == null || p.ValidThrough >= today))
            .ToListAsync(cancellationToken);
        var courseIds = approved.Select(p => p.CourseId).Distinct().ToList();
        var sessions = (await db.Appointments.AsNoTracking()
                .Where(a => a.CourseId != null && courseIds.Contains(a.CourseId.Value) && a.Kind == AppointmentKind.Dosing && a.Status == AppointmentStatus.Booked)
                .Select(a => new { CourseId = a.CourseId!.Value, a.StartsAt }).ToListAsync(cancellationToken))
            .GroupBy(a => a.CourseId).ToDictionary(g => g.Key, g => g.Select(a => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.StartsAt, zone).DateTime)).ToList());
        return [.. approved.Select(p =>
            {
                var left = PriorAuthorizationRules.SessionsLeft(p.Window, sessions.GetValueOrDefault(p.CourseId) ?? []);
                return new PriorAuthorizationReminderDue(p, left, PriorAuthorizationRules.Reminders(p.Window, today, left));
            })
            .Where(d => d.Reminders.Count > 0).OrderBy(d => d.Authorization.ValidThrough ?? DateOnly.MaxValue).ThenBy(d => d.Authorization.Id)];
    }
}
