using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>Which of a patient's appointments to list.</summary>
public enum AppointmentWindow
{
    /// <summary>Appointments that have not ended yet (including one in progress), soonest first.</summary>
    Upcoming,

    /// <summary>Appointments that have ended, most recent first.</summary>
    Past,

    /// <summary>All appointments, earliest first.</summary>
    All,
}

/// <summary>Lists a patient's appointments, cancelled and missed ones included with their status.</summary>
public sealed record ListPatientAppointments : IRequest<PagedResult<AppointmentResponse>>
{
    /// <summary>Patient id.</summary>
    /// <example>0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b</example>
    public Guid PatientId { get; init; }

    /// <summary>Upcoming, Past or All (default Upcoming).</summary>
    /// <example>Upcoming</example>
    public AppointmentWindow When { get; init; } = AppointmentWindow.Upcoming;

    /// <summary>1-based page number.</summary>
    /// <example>1</example>
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1-100.</summary>
    /// <example>25</example>
    public int PageSize { get; init; } = PagedResult<AppointmentResponse>.DefaultPageSize;
}

/// <summary>Rules for <see cref="ListPatientAppointments"/>.</summary>
public sealed class ListPatientAppointmentsValidator : AbstractValidator<ListPatientAppointments>
{
    /// <summary>Creates the validator.</summary>
    public ListPatientAppointmentsValidator()
    {
        RuleFor(l => l.When).IsInEnum();
        RuleFor(l => l.Page).InclusiveBetween(1, PagedResult<object>.MaxPage);
        RuleFor(l => l.PageSize).InclusiveBetween(1, PagedResult<AppointmentResponse>.MaxPageSize);
    }
}

/// <summary>Handles <see cref="ListPatientAppointments"/>: one count and one page query, ordered by start then id.</summary>
public sealed class ListPatientAppointmentsHandler(IClinicOpsDbContext db, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<ListPatientAppointments, PagedResult<AppointmentResponse>>
{
    /// <inheritdoc />
    public async Task<PagedResult<AppointmentResponse>> Handle(ListPatientAppointments request, CancellationToken cancellationToken)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == request.PatientId, cancellationToken))
        {
            throw new NotFoundException("Patient", request.PatientId);
        }

        var now = clock.GetUtcNow();
        var query = db.Appointments.AsNoTracking().Where(a => a.PatientId == request.PatientId);
        query = request.When switch
        {
            AppointmentWindow.Upcoming => query.Where(a => a.EndsAt > now),
            AppointmentWindow.Past => query.Where(a => a.EndsAt <= now),
            _ => query,
        };

        var page = await query.ReadPageAsync(
            q => request.When == AppointmentWindow.Past
                ? q.OrderByDescending(a => a.StartsAt).ThenByDescending(a => a.Id)
                : q.OrderBy(a => a.StartsAt).ThenBy(a => a.Id),
            a => new
            {
                Appointment = a,
                TimeZoneId = db.Sites.Where(s => s.Id == a.SiteId).Select(s => s.TimeZoneId).First(),
                InductionSessions = a.Phase == CoursePhase.Induction
                    ? db.Courses.Where(c => c.Id == a.CourseId).Join(db.Protocols, c => c.ProtocolId, p => p.Id, (c, p) => (int?)p.InductionSessions).FirstOrDefault()
                    : null,
            },
            request.Page,
            request.PageSize,
            cancellationToken);

        var items = page.Items.Select(r => AppointmentResponse.From(r.Appointment, r.TimeZoneId, r.InductionSessions)).ToList();
        await audit.RecordReadsAsync(items.Select(i => i.AuditTarget), cancellationToken);
        return new PagedResult<AppointmentResponse>(items, page.Page, page.PageSize, page.TotalCount);
    }
}
