using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;

namespace ClinicOps.Application.Scheduling;

/// <summary>Why an appointment is cancelled.</summary>
public sealed record CancellationRequest
{
    /// <summary>Why (5-1000 characters).</summary>
    /// <example>Patient has the flu; will rebook next week.</example>
    public string? Reason { get; init; }
}

/// <summary>Cancels a booked appointment with a reason; its chair and time are free again.</summary>
/// <param name="Id">Appointment id.</param>
/// <param name="ExpectedVersion">Version from <c>If-Match</c>.</param>
/// <param name="Cancellation">The reason.</param>
public sealed record CancelAppointment(Guid Id, int? ExpectedVersion, CancellationRequest Cancellation) : IRequest<Versioned<AppointmentResponse>>;

/// <summary>Rules for <see cref="CancelAppointment"/>.</summary>
public sealed class CancelAppointmentValidator : AbstractValidator<CancelAppointment>
{
    /// <summary>Creates the validator.</summary>
    public CancelAppointmentValidator()
    {
        RuleFor(r => r.Cancellation.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'reason' must be 5-1000 characters.").OverridePropertyName("reason");
    }
}

/// <summary>Handles <see cref="CancelAppointment"/>.</summary>
public sealed class CancelAppointmentHandler(IClinicOpsDbContext db) : IRequestHandler<CancelAppointment, Versioned<AppointmentResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<AppointmentResponse>> Handle(CancelAppointment request, CancellationToken cancellationToken)
    {
        var appointment = await AppointmentChanges.LoadAsync(db, request.Id, request.ExpectedVersion, cancellationToken);
        if (!appointment.Cancel(request.Cancellation.Reason!.Trim()))
        {
            throw AppointmentChanges.NotBooked(appointment);
        }

        await SlotBooking.SaveAsync(db, [], cancellationToken, appointment.Id);
        return await AppointmentChanges.RespondAsync(db, appointment, cancellationToken);
    }
}
