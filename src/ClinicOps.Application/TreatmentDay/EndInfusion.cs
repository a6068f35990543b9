using ClinicOps.Application.Common;
using ClinicOps.Domain.TreatmentDay;
using MediatR;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>When an IV infusion ended.</summary>
public sealed record InfusionEndRequest
{
    /// <summary>End time as charted (defaults to now); after the start, not in the future beyond 2 minutes.</summary>
    /// <example>2026-12-03T15:45:00+00:00</example>
    public DateTimeOffset? EndedAt { get; init; }
}

/// <summary>Ends an IV infusion; the monitoring clock starts then.</summary>
/// <param name="SessionId">Session id.</param>
/// <param name="End">The end time.</param>
public sealed record EndInfusion(Guid SessionId, InfusionEndRequest End) : IRequest<SessionResponse>;

/// <summary>Handles <see cref="EndInfusion"/>.</summary>
public sealed class EndInfusionHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<EndInfusion, SessionResponse>
{
    /// <inheritdoc />
    public async Task<SessionResponse> Handle(EndInfusion request, CancellationToken cancellationToken)
    {
        var state = await SessionState.LoadAsync(db, request.SessionId, clock.GetUtcNow(), track: true, cancellationToken);
        var endedAt = request.End.EndedAt ?? state.Now;
        SessionState.EnsureEventTime("endedAt", endedAt, state.Now, state.Session.Dose?.InfusionStartedAt, "the infusion's start");
        switch (state.Session.EndInfusion(endedAt))
        {
            case SessionRefusal.Locked:
                throw SessionState.Locked(state.Session);
            case SessionRefusal.NotDosed:
                throw new ConflictException("session.not-dosed", "No infusion has started in this session.");
            case SessionRefusal.InfusionState:
                throw new ConflictException("session.infusion-ended", "The infusion has ended already, or this is not an IV session.");
            case SessionRefusal.OutOfOrder:
                throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("endedAt", "'endedAt' must be after the infusion's start.")]);
        }

        await db.SaveChangesAsync(cancellationToken);
        return SessionResponse.From(state.Session, state.AllReadings, state.Alerts);
    }
}
