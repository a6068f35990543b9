using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>Loading, answering and refusing shared by the use cases that change a booked appointment.</summary>
internal static class AppointmentChanges
{
    public static async Task<Appointment> LoadAsync(IClinicOpsDbContext db, Guid id, int? expectedVersion, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("Appointment", id);
        if (expectedVersion is { } expected && expected != appointment.Version)
        {
            throw new PreconditionFailedException("Appointment", appointment.Version);
        }

        return appointment;
    }

    public static async Task<Versioned<AppointmentResponse>> RespondAsync(IClinicOpsDbContext db, Appointment appointment, CancellationToken cancellationToken)
    {
        var timeZoneId = await db.Sites.Where(s => s.Id == appointment.SiteId).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
        var size = await AppointmentReads.SeriesSizeAsync(db, appointment, cancellationToken);
        return new Versioned<AppointmentResponse>(AppointmentResponse.From(appointment, timeZoneId, size), appointment.Version);
    }

    public static ConflictException NotBooked(Appointment appointment) =>
        new("appointment.not-booked", $"The appointment is {appointment.Status}; only a booked appointment can change.");
}
