using ClinicOps.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Scheduling;

/// <summary>Reads one appointment.</summary>
/// <param name="Id">Appointment id.</param>
public sealed record GetAppointment(Guid Id) : IRequest<Versioned<AppointmentResponse>>;

/// <summary>Handles <see cref="GetAppointment"/>.</summary>
public sealed class GetAppointmentHandler(IClinicOpsDbContext db, IAuditTrail audit) : IRequestHandler<GetAppointment, Versioned<AppointmentResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<AppointmentResponse>> Handle(GetAppointment request, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException("Appointment", request.Id);
        var timeZoneId = await db.Sites.Where(s => s.Id == appointment.SiteId).Select(s => s.TimeZoneId).SingleAsync(cancellationToken);
        var response = AppointmentResponse.From(appointment, timeZoneId, await AppointmentReads.SeriesSizeAsync(db, appointment, cancellationToken));
        await audit.RecordReadsAsync([response.AuditTarget], cancellationToken);
        return new Versioned<AppointmentResponse>(response, appointment.Version);
    }
}
