using ClinicOps.Application.Common;
using MediatR;

namespace ClinicOps.Application.Scheduling;

/// <summary>
/// Marks a booked appointment that has started as a no-show. The series keeps its count and its schedule (label:
/// keep the schedule during induction).
/// </summary>
/// <param name="Id">Appointment id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
public sealed record MarkNoShow(Guid Id, int? ExpectedVersion) : IRequest<Versioned<AppointmentResponse>>;

/// <summary>Handles <see cref="MarkNoShow"/>.</summary>
public sealed class MarkNoShowHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<MarkNoShow, Versioned<AppointmentResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<AppointmentResponse>> Handle(MarkNoShow request, CancellationToken cancellationToken)
    {
        var appointment = await AppointmentChanges.LoadAsync(db, request.Id, request.ExpectedVersion, cancellationToken);
        if (appointment.IsBooked && clock.GetUtcNow() < appointment.StartsAt)
        {
            throw new BusinessRuleException("appointment.not-started", "An appointment that has not started yet cannot be a no-show.", [$"It starts at {appointment.StartsAt:O}."]);
        }

        if (!appointment.MarkNoShow(clock.GetUtcNow()))
        {
            throw AppointmentChanges.NotBooked(appointment);
        }

        await db.SaveChangesAsync(cancellationToken);
        return await AppointmentChanges.RespondAsync(db, appointment, cancellationToken);
    }
}
