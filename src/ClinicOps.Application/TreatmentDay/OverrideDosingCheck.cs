using ClinicOps.Application.Common;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>A clinician's override of one overridable pre-dose check.</summary>
public sealed record DosingOverrideRequest
{
    /// <summary>The check: RIDE, PRE-DOSE-BP or SCREENING-CLEARED. REMS checks cannot be overridden.</summary>
    /// <example>PRE-DOSE-BP</example>
    public string? Check { get; init; }

    /// <summary>Why (5-1000 characters).</summary>
    /// <example>Rechecked after 10 minutes' rest; 142/88 is the patient's usual pressure.</example>
    public string? Reason { get; init; }
}

/// <summary>Records a clinician's override, with a reason, of an overridable pre-dose check, before the dose.</summary>
/// <param name="SessionId">Session id.</param>
/// <param name="Override">The check and reason.</param>
public sealed record OverrideDosingCheck(Guid SessionId, DosingOverrideRequest Override) : IRequest<SessionResponse>;

/// <summary>Rules for <see cref="OverrideDosingCheck"/>.</summary>
public sealed class OverrideDosingCheckValidator : AbstractValidator<OverrideDosingCheck>
{
    private static readonly string[] Overridable = [DosingChecks.Ride, DosingChecks.PreDoseBloodPressure, DosingChecks.ScreeningCleared];

    /// <summary>Creates the validator.</summary>
    public OverrideDosingCheckValidator()
    {
        RuleFor(r => r.Override.Check).NotEmpty().Must(c => Overridable.Contains(c))
            .WithMessage($"'check' must be one of {string.Join(", ", Overridable)}; REMS checks cannot be overridden.").OverridePropertyName("check");
        RuleFor(r => r.Override.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'reason' must be 5-1000 characters.").OverridePropertyName("reason");
    }
}

/// <summary>Handles <see cref="OverrideDosingCheck"/>.</summary>
public sealed class OverrideDosingCheckHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<OverrideDosingCheck, SessionResponse>
{
    /// <inheritdoc />
    public async Task<SessionResponse> Handle(OverrideDosingCheck request, CancellationToken cancellationToken)
    {
        var state = await SessionState.LoadAsync(db, request.SessionId, clock.GetUtcNow(), track: true, cancellationToken);
        switch (state.Session.Override(request.Override.Check!, request.Override.Reason!.Trim(), user.Subject, state.Now))
        {
            case SessionRefusal.Locked:
                throw SessionState.Locked(state.Session);
            case SessionRefusal.AlreadyDosed:
                throw new ConflictException("session.already-dosed", "The dose was already given; overrides apply before dosing.");
        }

        await db.SaveChangesAsync(cancellationToken);
        return SessionResponse.From(state.Session, state.AllReadings, state.Alerts);
    }
}
