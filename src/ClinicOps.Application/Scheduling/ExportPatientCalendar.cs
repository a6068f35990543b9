using System.Globalization;
using System.Text;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>
/// A patient's appointments as an iCalendar feed (RFC 5545) for the patient's own calendar app. It carries times and
/// the site only: every event is called "Appointment", with no drug, phase, session number or name.
/// </summary>
public sealed record ExportPatientCalendar : IRequest<CalendarFeed>
{
    /// <summary>Patient id.</summary>
    /// <example>0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b</example>
    public Guid PatientId { get; init; }
}

/// <summary>Rules for <see cref="ExportPatientCalendar"/>.</summary>
public sealed class ExportPatientCalendarValidator : AbstractValidator<ExportPatientCalendar>
{
    /// <summary>Creates the validator.</summary>
    public ExportPatientCalendarValidator() => RuleFor(e => e.PatientId).NotEmpty();
}

/// <summary>An iCalendar document.</summary>
/// <param name="Content" example="BEGIN:VCALENDAR">The text/calendar body, CRLF line endings, folded at 75 octets.</param>
/// <param name="EventCount" example="8">Number of events.</param>
public sealed record CalendarFeed(string Content, int EventCount)
{
    /// <summary>The media type of the feed.</summary>
    public const string MediaType = "text/calendar";
}

/// <summary>Handles <see cref="ExportPatientCalendar"/>.</summary>
public sealed class ExportPatientCalendarHandler(IClinicOpsDbContext db, IAuditTrail audit, TimeProvider clock) : IRequestHandler<ExportPatientCalendar, CalendarFeed>
{
    /// <inheritdoc />
    public async Task<CalendarFeed> Handle(ExportPatientCalendar request, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == request.PatientId)
                .Join(db.Sites, p => p.SiteId, s => s.Id, (p, s) => new { p.SiteId, s.TimeZoneId })
                .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Patient", request.PatientId);

        var events = await db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == request.PatientId)
            .OrderBy(a => a.StartsAt).ThenBy(a => a.Id)
            .Join(db.Sites, a => a.SiteId, s => s.Id, (a, s) => new { a.Id, a.SiteId, a.StartsAt, a.EndsAt, a.Status, a.Version, Location = s.Name })
            .ToListAsync(cancellationToken);

        var calendar = new ICalendarWriter();
        calendar.Line("BEGIN", "VCALENDAR");
        calendar.Line("PRODID", "-//ClinicOps//Appointments v1//EN");
        calendar.Line("VERSION", "2.0");
        calendar.Line("CALSCALE", "GREGORIAN");
        calendar.Line("METHOD", "PUBLISH");
        calendar.Line("X-WR-CALNAME", ICalendarWriter.Text("Clinic appointments"));
        calendar.Line("X-WR-TIMEZONE", ICalendarWriter.Text(patient.TimeZoneId));
        var stamp = ICalendarWriter.Utc(clock.GetUtcNow());
        foreach (var e in events)
        {
            calendar.Line("BEGIN", "VEVENT");
            calendar.Line("UID", $"{e.Id:D}@clinicops");
            calendar.Line("DTSTAMP", stamp);
            calendar.Line("DTSTART", ICalendarWriter.Utc(e.StartsAt));
            calendar.Line("DTEND", ICalendarWriter.Utc(e.EndsAt));
            calendar.Line("SEQUENCE", e.Version.ToString(CultureInfo.InvariantCulture));
            calendar.Line("SUMMARY", "Appointment");
            calendar.Line("LOCATION", ICalendarWriter.Text(e.Location));
            calendar.Line("STATUS", e.Status == AppointmentStatus.Cancelled ? "CANCELLED" : "CONFIRMED");
            calendar.Line("TRANSP", e.Status == AppointmentStatus.Cancelled ? "TRANSPARENT" : "OPAQUE");
            calendar.Line("END", "VEVENT");
        }

        calendar.Line("END", "VCALENDAR");
        await audit.RecordReadsAsync(events.Select(e => new AuditTarget(nameof(Appointment), e.Id.ToString(), e.SiteId, request.PatientId)), cancellationToken);
        return new CalendarFeed(calendar.ToString(), events.Count);
    }
}

/// <summary>Writes RFC 5545 content lines: CRLF endings, lines folded at 75 octets without splitting a UTF-8 character.</summary>
internal sealed class ICalendarWriter
{
    private const int MaxOctets = 75;
    private readonly StringBuilder _text = new();

    /// <summary>A UTC date-time value (form #2, "Z").</summary>
    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A TEXT value: backslashes, semicolons, commas and newlines escaped (RFC 5545 3.3.11).</summary>
    public static string Text(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Appends one content line, folded.</summary>
    public void Line(string name, string value)
    {
        var line = $"{name}:{value}";
        var octets = 0;
        var limit = MaxOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                _text.Append("\r\n ");
                octets = 0;
                limit = MaxOctets - 1;
            }

            _text.Append(line, i, length);
            octets += size;
            i += length - 1;
        }

        _text.Append("\r\n");
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
