using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Screenings;

/// <summary>
/// The clinician's decision on a screening that needs review, or an override of an Ineligible screening whose
/// findings are all overridable. An approval names every overridable finding it accepts, by rule id, with a reason.
/// </summary>
public sealed record ScreeningReviewRequest
{
    /// <summary>Approved (cleared for treatment) or Declined.</summary>
    /// <example>Approved</example>
    public ReviewDecision? Decision { get; init; }

    /// <summary>Why, in the clinician's words (5-1000 characters). Mandatory: the decision is part of the record.</summary>
    /// <example>BP rechecked at 132/84 after rest; benzodiazepine tapered; cleared for induction.</example>
    public string? Reason { get; init; }

    /// <summary>
    /// With <c>Approved</c>: every overridable finding of the screening (each rule with status Caution or Fail whose
    /// consequence is Review or Exclusion), each with its own reason. Leaving one out answers 422
    /// <c>screening.findings-not-accepted</c> listing the missing rule ids. With <c>Declined</c>: empty or absent.
    /// </summary>
    public IReadOnlyList<AcceptedFindingRequest>? AcceptedFindings { get; init; }
}

/// <summary>One finding the clinician accepts, with the reason it is acceptable for this patient.</summary>
public sealed record AcceptedFindingRequest
{
    /// <summary>The finding's rule id, as in the screening's <c>rules</c>.</summary>
    /// <example>BP-PRE-TREATMENT</example>
    public string? RuleId { get; init; }

    /// <summary>Why this finding is acceptable (5-1000 characters).</summary>
    /// <example>BP 132/84 on recheck after 10 minutes' rest.</example>
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
        RuleFor(r => r.Review.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= IntakeScreening.MaxNoteLength)
            .WithMessage("'reason' must be 5-1000 characters.").OverridePropertyName("reason");
        RuleFor(r => r.Review.AcceptedFindings).Must(f => f is null || f.Count == 0)
            .When(r => r.Review.Decision == ReviewDecision.Declined)
            .WithMessage("'acceptedFindings' applies only to an approval.").OverridePropertyName("acceptedFindings");
        RuleFor(r => r.Review.AcceptedFindings).Must(f => f!.Count <= ScreeningRuleIds.All.Count)
            .Must(f => f!.Where(a => a is not null).Select(a => a.RuleId).Distinct().Count() == f!.Count(a => a is not null))
            .WithMessage("'acceptedFindings' must name each rule once.")
            .When(r => r.Review.AcceptedFindings is not null).OverridePropertyName("acceptedFindings");
        RuleForEach(r => r.Review.AcceptedFindings).NotNull().ChildRules(finding =>
        {
            finding.RuleFor(f => f.RuleId).NotEmpty().MaximumLength(64);
            finding.RuleFor(f => f.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= IntakeScreening.MaxNoteLength)
                .WithMessage("'reason' must be 5-1000 characters.");
        }).When(r => r.Review.AcceptedFindings is not null).OverridePropertyName("acceptedFindings");
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

        var accepted = (request.Review.AcceptedFindings ?? []).Select(f => new AcceptedFinding(f.RuleId!, f.Reason!.Trim())).ToList();
        var refused = screening.Review(request.Review.Decision!.Value, request.Review.Reason!.Trim(), accepted, user.Subject, clock.GetUtcNow());
        if (refused is not null)
        {
            throw RefusalError(screening, refused);
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

    private static Exception RefusalError(IntakeScreening screening, ReviewRefused refused)
    {
        string Explained(string ruleId) => screening.Rules.FirstOrDefault(r => r.RuleId == ruleId) is { } rule ? $"{ruleId}: {rule.Explanation}" : ruleId;
        return refused.Reason switch
        {
            ReviewRefusal.AlreadyReviewed => new ConflictException(
                "screening.already-reviewed", "This screening already has a clinician decision; record a new screening to revisit it."),
            ReviewRefusal.HardStop => new BusinessRuleException(
                "screening.hard-stop", "A hard stop failed; no clinician may override it.", [.. refused.RuleIds.Select(Explained)]),
            ReviewRefusal.NoReviewNeeded => new BusinessRuleException(
                "screening.no-review-needed", "This screening is eligible as judged; there is nothing to review."),
            ReviewRefusal.FindingsNotAccepted => new BusinessRuleException(
                "screening.findings-not-accepted",
                "An approval must accept every overridable finding by rule id, each with a reason; these are missing.",
                [.. refused.RuleIds.Select(Explained)]),
            _ => new BusinessRuleException(
                "screening.not-a-finding",
                "Only this screening's overridable findings can be accepted, and only in an approval; these are not among them.",
                [.. refused.RuleIds]),
        };
    }
}
