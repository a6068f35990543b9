using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>A clinician's resolution of an alert.</summary>
public sealed record AlertResolutionRequest
{
    /// <summary>What was done (5-1000 characters).</summary>
    /// <example>Rechecked 152/88 after 15 minutes; no symptoms; continue monitoring.</example>
    public string? Note { get; init; }
}

/// <summary>Resolves an open alert with a clinician's note; a second resolution gets 409.</summary>
/// <param name="SessionId">Session id.</param>
/// <param name="AlertId">Alert id.</param>
/// <param name="Resolution">The note.</param>
public sealed record ResolveAlert(Guid SessionId, Guid AlertId, AlertResolutionRequest Resolution) : IRequest<AlertResponse>;

/// <summary>Rules for <see cref="ResolveAlert"/>.</summary>
public sealed class ResolveAlertValidator : AbstractValidator<ResolveAlert>
{
    /// <summary>Creates the validator.</summary>
    public ResolveAlertValidator()
    {
        RuleFor(r => r.Resolution.Note).NotEmpty().Must(n => n!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'note' must be 5-1000 characters.").OverridePropertyName("note");
    }
}

/// <summary>Handles <see cref="ResolveAlert"/>.</summary>
public sealed class ResolveAlertHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<ResolveAlert, AlertResponse>
{
    /// <inheritdoc />
    public async Task<AlertResponse> Handle(ResolveAlert request, CancellationToken cancellationToken)
    {
        var alert = await db.SessionAlerts.SingleOrDefaultAsync(a => a.Id == request.AlertId && a.SessionId == request.SessionId, cancellationToken)
            ?? throw new NotFoundException("SessionAlert", request.AlertId);
        if (!alert.Resolve(request.Resolution.Note!.Trim(), user.Subject, clock.GetUtcNow()))
        {
            throw new ConflictException("alert.already-resolved", "This alert was already resolved.");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (PreconditionFailedException)
        {
            throw new ConflictException("alert.already-resolved", "Another clinician resolved this alert at the same time.");
        }

        return AlertResponse.From(alert);
    }
}
