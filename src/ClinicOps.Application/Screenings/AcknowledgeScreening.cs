using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Screenings;

/// <summary>A clinician's acknowledgement of an urgent screening: they have seen it and acted.</summary>
public sealed record ScreeningAcknowledgementRequest
{
    /// <summary>What the clinician did (5-1000 characters), e.g. the evaluation and the safety plan.</summary>
    /// <example>Saw the patient at 10:40; no plan or intent; safety plan reviewed with partner; crisis line given.</example>
    public string? Note { get; init; }
}

/// <summary>
/// Acknowledges an urgent screening, current or superseded. Urgent screenings stay at the head of the review queue
/// until acknowledged, whatever their outcome, so a correction cannot make urgency disappear unseen.
/// </summary>
/// <param name="ScreeningId">Screening id.</param>
/// <param name="Acknowledgement">The clinician's note.</param>
public sealed record AcknowledgeScreening(Guid ScreeningId, ScreeningAcknowledgementRequest Acknowledgement) : IRequest<ScreeningResponse>;

/// <summary>Rules for <see cref="AcknowledgeScreening"/>.</summary>
public sealed class AcknowledgeScreeningValidator : AbstractValidator<AcknowledgeScreening>
{
    /// <summary>Creates the validator.</summary>
    public AcknowledgeScreeningValidator()
    {
        RuleFor(r => r.Acknowledgement.Note).NotEmpty().Must(n => n!.Trim().Length is >= 5 and <= IntakeScreening.MaxNoteLength)
            .WithMessage("'note' must be 5-1000 characters.").OverridePropertyName("note");
    }
}

/// <summary>Handles <see cref="AcknowledgeScreening"/>.</summary>
public sealed class AcknowledgeScreeningHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<AcknowledgeScreening, ScreeningResponse>
{
    /// <inheritdoc />
    public async Task<ScreeningResponse> Handle(AcknowledgeScreening request, CancellationToken cancellationToken)
    {
        var screening = await db.Screenings.SingleOrDefaultAsync(s => s.Id == request.ScreeningId, cancellationToken)
            ?? throw new NotFoundException("Screening", request.ScreeningId);
        switch (screening.Acknowledge(request.Acknowledgement.Note!.Trim(), user.Subject, clock.GetUtcNow()))
        {
            case AcknowledgementRefusal.NotUrgent:
                throw new BusinessRuleException("screening.not-urgent", "Only urgent screenings are acknowledged; this one is not urgent.");
            case AcknowledgementRefusal.AlreadyAcknowledged:
                throw new ConflictException("screening.already-acknowledged", "This urgent screening was already acknowledged.");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (PreconditionFailedException)
        {
            // Another clinician acknowledged or decided it between our read and our write; theirs stands.
            throw new ConflictException("screening.already-acknowledged", "Another clinician acted on this screening at the same time; read it again.");
        }

        var isCurrent = !await db.Screenings.AnyAsync(s => s.SupersedesId == screening.Id, cancellationToken);
        return ScreeningResponse.From(screening, isCurrent);
    }
}
