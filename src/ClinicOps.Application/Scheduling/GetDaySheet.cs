using System.Globalization;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Patients;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Sites;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>The day sheet of a site: every chair with its sessions of one local date, and the chairless appointments.</summary>
public sealed record GetDaySheet : IRequest<DaySheetResponse>
{
    /// <summary>Site id.</summary>
    /// <example>5e1f0000-0000-4000-8000-000000000001</example>
    public Guid SiteId { get; init; }

    /// <summary>Local date at the site (yyyy-MM-dd).</summary>
    /// <example>2026-12-03</example>
    public DateOnly? Date { get; init; }
}

/// <summary>Rules for <see cref="GetDaySheet"/>.</summary>
public sealed class GetDaySheetValidator : AbstractValidator<GetDaySheet>
{
    /// <summary>Creates the validator.</summary>
    public GetDaySheetValidator() => RuleFor(d => d.Date).NotNull();
}

/// <summary>A site's day: chairs in name order with their sessions in time order, then the appointments without a chair.</summary>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="SiteName" example="Downtown clinic">Site name.</param>
/// <param name="Date" example="2026-12-03">Local date at the site.</param>
/// <param name="TimeZoneId" example="America/Chicago">The site's time zone.</param>
/// <param name="Chairs">Active chairs, and inactive ones holding a session that day, in name order.</param>
/// <param name="OtherAppointments">Appointments without a chair (integration therapy, follow-up visits), in time order.</param>
public sealed record DaySheetResponse(
    Guid SiteId, string SiteName, DateOnly Date, string TimeZoneId, IReadOnlyList<DaySheetChair> Chairs, IReadOnlyList<DaySheetEntry> OtherAppointments);

/// <summary>One chair of the day sheet.</summary>
/// <param name="ChairId" example="1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9">Chair id.</param>
/// <param name="Name" example="Chair 1">Chair name.</param>
/// <param name="Active" example="true">False when the chair is out of service (it is listed because it still holds a session that day).</param>
/// <param name="Sessions">Its appointments of the day, in time order (cancelled and missed ones included, with their status).</param>
public sealed record DaySheetChair(Guid ChairId, string Name, bool Active, IReadOnlyList<DaySheetEntry> Sessions);

/// <summary>One appointment on the day sheet, for staff in the clinic.</summary>
/// <param name="AppointmentId" example="6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a">Appointment id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="PatientName" example="Avery Quinn">The patient's given and family name.</param>
/// <param name="Kind">Dosing, IntegrationTherapy or FollowUpVisit.</param>
/// <param name="Phase">Induction or Maintenance, for a dosing session.</param>
/// <param name="SessionNumber" example="3">Number of the dosing session within its phase.</param>
/// <param name="Label" example="induction 3/8">How staff name the session.</param>
/// <param name="Status">Booked, Cancelled or NoShow.</param>
/// <param name="LocalTime" example="09:00">Start time at the site (HH:mm).</param>
/// <param name="StartsAt" example="2026-12-03T15:00:00+00:00">Start (UTC).</param>
/// <param name="EndsAt" example="2026-12-03T17:45:00+00:00">End (UTC).</param>
/// <param name="ChairId" example="1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9">The chair of a dosing session.</param>
public sealed record DaySheetEntry(
    Guid AppointmentId, Guid PatientId, string PatientName, AppointmentKind Kind, CoursePhase? Phase, int? SessionNumber, string Label,
    AppointmentStatus Status, string LocalTime, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid? ChairId);

/// <summary>Handles <see cref="GetDaySheet"/> in two compiled queries: the site with its chairs, and the day's appointments with their patients.</summary>
public sealed class GetDaySheetHandler(IClinicOpsDbContext db, ICurrentUser user, IAuditTrail audit) : IRequestHandler<GetDaySheet, DaySheetResponse>
{
    /// <inheritdoc />
    public async Task<DaySheetResponse> Handle(GetDaySheet request, CancellationToken cancellationToken)
    {
        var siteId = request.SiteId;
        if (!user.SiteIds.Contains(siteId))
        {
            throw new NotFoundException("Site", siteId);
        }

        // Compiled once per model, as the session reads are: the day sheet is re-read all day by every front desk, and
        // building, funcletizing and looking up these LINQ trees per request cost more CPU than SQLite's execution of them.
        var context = db.AsDbContext();
        var date = request.Date!.Value;
        var (site, rows) = await db.OnOneConnectionAsync(
            async () =>
            {
                var site = await SiteWithChairs.For(context)(context, siteId, cancellationToken)
                    ?? throw new NotFoundException("Site", siteId);
                var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZoneId);
                var (dayStart, dayEnd) = (LocalDays.StartOf(zone, date), LocalDays.StartOf(zone, date.AddDays(1)));
                return (site, await AppointmentsOfDay.For(context)(context, siteId, dayStart, dayEnd).ToListAsync(cancellationToken));
            },
            cancellationToken);

        var entries = rows
            .Select(r => Entry(r.Appointment, $"{r.GivenName} {r.FamilyName}", r.Appointment.Phase == CoursePhase.Induction ? r.InductionSessions : null))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Status).ThenBy(e => e.AppointmentId)
            .ToList();
        var byChair = entries.Where(e => e.ChairId is not null).ToLookup(e => e.ChairId!.Value);
        var chairs = site.Chairs
            .Where(c => c.Active || byChair[c.Id].Any(e => e.Status != AppointmentStatus.Cancelled))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id)
            .Select(c => new DaySheetChair(c.Id, c.Name, c.Active, [.. byChair[c.Id]]))
            .ToList();
        var others = entries.Where(e => e.ChairId is null).ToList();

        await audit.RecordReadsAsync(entries.Select(e => new AuditTarget(nameof(Appointment), e.AppointmentId.ToString(), siteId, e.PatientId)), cancellationToken);
        return new DaySheetResponse(siteId, site.Name, date, site.TimeZoneId, chairs, others);
    }

    private static readonly CompiledPerModel<Func<DbContext, Guid, CancellationToken, Task<SiteRow?>>> SiteWithChairs = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid siteId, CancellationToken _) => db.Set<Site>().AsNoTracking().Where(s => s.Id == siteId)
            .Select(s => new SiteRow(
                s.Name,
                s.TimeZoneId,
                db.Set<Chair>().Where(c => c.SiteId == s.Id).Select(c => new ChairRow(c.Id, c.Name, c.Active)).ToList()))
            .SingleOrDefault()));

    private static readonly CompiledPerModel<Func<DbContext, Guid, DateTimeOffset, DateTimeOffset, IAsyncEnumerable<AppointmentRow>>> AppointmentsOfDay = new(() => EF.CompileAsyncQuery(
        (DbContext db, Guid siteId, DateTimeOffset dayStart, DateTimeOffset dayEnd) =>
            from a in db.Set<Appointment>().AsNoTracking()
            where a.SiteId == siteId && a.StartsAt >= dayStart && a.StartsAt < dayEnd
            join p in db.Set<Patient>() on a.PatientId equals p.Id
            join c in db.Set<TreatmentCourse>() on a.CourseId equals (Guid?)c.Id into courses
            from c in courses.DefaultIfEmpty()
            join pr in db.Set<TreatmentProtocol>() on c.ProtocolId equals pr.Id into protocols
            from pr in protocols.DefaultIfEmpty()
            select new AppointmentRow(a, p.GivenName, p.FamilyName, (int?)pr.InductionSessions)));

    private sealed record SiteRow(string Name, string TimeZoneId, List<ChairRow> Chairs);

    private sealed record ChairRow(Guid Id, string Name, bool Active);

    private sealed record AppointmentRow(Appointment Appointment, string GivenName, string FamilyName, int? InductionSessions);

    private static DaySheetEntry Entry(Appointment a, string patientName, int? seriesSize) => new(
        a.Id, a.PatientId, patientName, a.Kind, a.Phase, a.SessionNumber, AppointmentResponse.LabelOf(a, seriesSize), a.Status,
        a.LocalStart.ToString("HH:mm", CultureInfo.InvariantCulture), a.StartsAt, a.EndsAt, a.ChairId);
}

/// <summary>Where a site's local dates begin as instants.</summary>
internal static class LocalDays
{
    /// <summary>The first instant of a local date: local midnight, or the first valid minute after it when a daylight-saving change skips midnight.</summary>
    public static DateTimeOffset StartOf(TimeZoneInfo zone, DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
