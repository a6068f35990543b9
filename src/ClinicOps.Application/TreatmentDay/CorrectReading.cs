using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>A corrected reading: the whole reading as it should have been, and why.</summary>
public sealed record ReadingCorrectionRequest
{
    /// <summary>The reading as it should have been recorded.</summary>
    public VitalsRequest? Reading { get; init; }

    /// <summary>Why the earlier reading was wrong (5-1000 characters).</summary>
    /// <example>Cuff was the wrong size; repeated with a large cuff.</example>
    public string? Reason { get; init; }
}

/// <summary>
/// Corrects a reading by an addendum: a new reading that names the one it corrects and why, and stands in its place
/// from then on. The original is never edited or deleted; a reading is corrected once (correct the correction to go
/// on), 409 otherwise. A locked session gets 409.
/// </summary>
/// <param name="SessionId">Session id.</param>
/// <param name="ReadingId">The reading to correct.</param>
/// <param name="Correction">The corrected reading and the reason.</param>
public sealed record CorrectReading(Guid SessionId, Guid ReadingId, ReadingCorrectionRequest Correction) : IRequest<RecordedVitalsResponse>;

/// <summary>Rules for <see cref="CorrectReading"/>.</summary>
public sealed class CorrectReadingValidator : AbstractValidator<CorrectReading>
{
    /// <summary>Creates the validator.</summary>
    public CorrectReadingValidator()
    {
        RuleFor(r => r.Correction.Reading).NotNull().OverridePropertyName("reading");
        RuleFor(r => r.Correction.Reason).NotEmpty().Must(r => r!.Trim().Length is >= 5 and <= 1000)
            .WithMessage("'reason' must be 5-1000 characters.").OverridePropertyName("reason");
    }
}

/// <summary>Handles <see cref="CorrectReading"/>.</summary>
public sealed class CorrectReadingHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<CorrectReading, RecordedVitalsResponse>
{
    /// <inheritdoc />
    public async Task<RecordedVitalsResponse> Handle(CorrectReading request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (session, thresholds) = await VitalsRecording.LoadOpenSessionAsync(db, request.SessionId, cancellationToken);
        var original = await db.VitalsReadings.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.ReadingId && r.SessionId == session.Id, cancellationToken)
            ?? throw new NotFoundException("VitalsReading", request.ReadingId);
        if (await db.VitalsReadings.AnyAsync(r => r.CorrectsId == original.Id, cancellationToken))
        {
            throw new ConflictException("reading.already-corrected", "This reading was already corrected; correct the correction instead.");
        }

        var problems = VitalsRecording.Problems(request.Correction.Reading, session, now, "reading.");
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        var (reading, alerts) = VitalsRecording.Add(db, session, request.Correction.Reading!.ToVitals(now), request.Correction.Reading.Note, now, thresholds,
            original, request.Correction.Reason!.Trim());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException)
        {
            throw new ConflictException("reading.already-corrected", "This reading was corrected at the same time by someone else.");
        }

        return VitalsRecording.Respond(reading, alerts);
    }
}
