using ClinicOps.Application.Common;
using ClinicOps.Domain.Screening;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Screenings;

/// <summary>
/// Judges a patient's screening with the current rule set and thresholds and stores answers and verdict together.
/// A new screening of a patient who already has one corrects and supersedes it; the earlier one stays in the history.
/// Correcting a screening that did not clear the patient needs a reason and always waits for a clinician.
/// </summary>
/// <param name="PatientId">Patient id.</param>
/// <param name="Answers">The screening answers.</param>
public sealed record RecordScreening(Guid PatientId, ScreeningAnswers Answers) : IRequest<ScreeningResponse>;

/// <summary>Rules for <see cref="RecordScreening"/>.</summary>
public sealed class RecordScreeningValidator : AbstractValidator<RecordScreening>
{
    /// <summary>Creates the validator.</summary>
    public RecordScreeningValidator()
    {
        RuleFor(r => r.Answers).SetValidator(new ScreeningAnswersValidator()).OverridePropertyName(string.Empty);
    }
}

/// <summary>Handles <see cref="RecordScreening"/>.</summary>
public sealed class RecordScreeningHandler(IClinicOpsDbContext db, ScreeningThresholds thresholds, TimeProvider clock)
    : IRequestHandler<RecordScreening, ScreeningResponse>
{
    /// <inheritdoc />
    public async Task<ScreeningResponse> Handle(RecordScreening request, CancellationToken cancellationToken)
    {
        var patient = await db.Patients.AsNoTracking()
            .Where(p => p.Id == request.PatientId)
            .Select(p => new { p.Id, p.SiteId, p.DateOfBirth, SiteTimeZone = db.Sites.Where(s => s.Id == p.SiteId).Select(s => s.TimeZoneId).Single() })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Patient", request.PatientId);
        EnsurePlausibleDate(request.Answers.ScreenedOn!.Value, patient.DateOfBirth, patient.SiteTimeZone);

        var current = await db.Screenings.AsNoTracking()
            .Where(s => s.PatientId == patient.Id)
            .OrderByDescending(s => s.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
        var prior = current is null
            ? null
            : new PriorScreening(current.Id, current.ClearedForTreatment, current.Input, [.. current.Rules.Where(r => r.IsFinding).Select(r => r.RuleId)]);
        var reason = request.Answers.CorrectionReason?.Trim();
        if (prior is not null && ScreeningCorrection.NeedsReason(prior) && reason is null)
        {
            throw new ValidationException([new ValidationFailure(
                "correctionReason",
                "'correctionReason' is required: the patient's current screening did not clear them for treatment, so a correction must say why.")]);
        }

        var input = request.Answers.ToInput(patient.DateOfBirth);
        var verdict = ScreeningRuleSet.Evaluate(input, thresholds, prior);
        var correction = prior is null ? null : ScreeningCorrection.Of(prior, input, verdict, reason);
        var screening = new IntakeScreening(patient.Id, patient.SiteId, input, thresholds, verdict, current, correction);
        db.Screenings.Add(screening);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException)
        {
            throw new ConflictException(
                "screening.concurrent-submission",
                "Another screening of this patient was recorded at the same time; read the history and resubmit if still needed.");
        }
        return ScreeningResponse.From(screening, isCurrent: true);
    }

    private void EnsurePlausibleDate(DateOnly screenedOn, DateOnly dateOfBirth, string siteTimeZone)
    {
        var siteToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(siteTimeZone)).DateTime);
        var error = screenedOn > siteToday ? "'screenedOn' must not be in the future at the patient's site."
            : screenedOn < dateOfBirth ? "'screenedOn' must not be before the patient's date of birth."
            : null;
        if (error is not null)
        {
            throw new ValidationException([new ValidationFailure("screenedOn", error)]);
        }
    }
}
