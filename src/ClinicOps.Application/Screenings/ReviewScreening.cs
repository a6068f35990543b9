using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Screenings;

/// <summary>The clinician's decision on a screening that needs review (or an override of a caution-only Ineligible).</summary>
public sealed record ScreeningReviewRequest
{
    /// <summary>Approved (cleared for treatment) or Declined.</summary>
    /// <example>Approved</example>
    public ReviewDecision? Decision { get; init; }

    /// <summary>Why, in the clinician's words (5-1000 characters). Mandatory: the decision is part of the record.</summary>
    /// <example>BP rechecked at 132/84 after rest; benzodiazepine tapered; cleared for induction.</example>
    public string? Reason { get; init; }
}

/// <summary>Records a clinician's decision. Hard stops cannot be overridden; a decision is final.</summary>
/// <param name="ScreeningId">Screening id.</param>
/// <param name="Review">The decision and reason.</param>
public sealed record ReviewScreening(Guid ScreeningId, ScreeningReviewRequest Review) : IRequest<ScreeningResponse>;

/// <summary>Rules for <see cref="ReviewScreening"/>.</summary>
public sealed class ReviewScreeningValidator : AbstractValidator<ReviewScreening>
{
    /// <summary>Creates the validator.</summary>
    public ReviewScreeningValidator()
    {
        RuleFor(r => r.Review.Decision).NotNull().OverridePropertyName("decision");
        RuleFor(r => r.Review.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'reason' must be 5-1000 characters.").OverridePropertyName("reason");
    }
}

/// <summary>Handles <see cref="ReviewScreening"/>.</summary>
public sealed class ReviewScreeningHandler(IClinicOpsDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<ReviewScreening, ScreeningResponse>
{
    /// <inheritdoc />
    public async Task<ScreeningResponse> Handle(ReviewScreening request, CancellationToken cancellationToken)
    {
        var screening = await db.Screenings.SingleOrDefaultAsync(s => s.Id == request.ScreeningId, cancellationToken)
            ?? throw new NotFoundException("Screening", request.ScreeningId);
        if (await db.Screenings.AnyAsync(s => s.SupersedesId == screening.Id, cancellationToken))
        {
            throw new ConflictException("screening.superseded", "A later screening of this patient supersedes this one; review the current screening.");
        }

        var refusal = screening.Review(request.Review.Decision!.Value, request.Review.Reason!.Trim(), user.Subject, clock.GetUtcNow());
        switch (refusal)
        {
            case ReviewRefusal.AlreadyReviewed:
                throw new ConflictException("screening.already-reviewed", "This screening already has a clinician decision; record a new screening to revisit it.");
            case ReviewRefusal.HardStop:
                throw new BusinessRuleException(
                    "screening.hard-stop",
                    "A hard stop failed; no clinician may override it.",
                    screening.Rules.Where(r => r is { Status: RuleStatus.Fail, Consequence: RuleConsequence.HardStop }).Select(r => $"{r.RuleId}: {r.Explanation}").ToList());
            case ReviewRefusal.NoReviewNeeded:
                throw new BusinessRuleException("screening.no-review-needed", "This screening is eligible as judged; there is nothing to review.");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (PreconditionFailedException)
        {
            // Another clinician's decision was saved between our read and our write; the first decision stands.
            throw new ConflictException("screening.already-reviewed", "Another clinician decided this screening at the same time; read it again.");
        }

        return ScreeningResponse.From(screening, isCurrent: true);
    }
}
