using ClinicOps.Application.Common;
using ClinicOps.Domain.TreatmentDay;
using FluentValidation;
using MediatR;

namespace ClinicOps.Application.TreatmentDay;

/// <summary>Readings a tablet kept while offline, sent together.</summary>
public sealed record VitalsBatchRequest
{
    /// <summary>The readings (1-100), each validated and reported on by itself.</summary>
    public IReadOnlyList<VitalsRequest>? Readings { get; init; }
}

/// <summary>What happened to one reading of a batch.</summary>
/// <param name="Index" example="0">Position in the request.</param>
/// <param name="Accepted">Whether it was recorded.</param>
/// <param name="Result">The reading and its alerts, when accepted.</param>
/// <param name="Errors">Field errors, when rejected (field → messages).</param>
public sealed record BatchItemResponse(int Index, bool Accepted, RecordedVitalsResponse? Result, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>The outcome of a batch.</summary>
/// <param name="Accepted" example="5">Readings recorded.</param>
/// <param name="Rejected" example="1">Readings refused.</param>
/// <param name="Items">One result per reading, in request order.</param>
public sealed record VitalsBatchResponse(int Accepted, int Rejected, IReadOnlyList<BatchItemResponse> Items);

/// <summary>
/// Offline catch-up: records a batch of readings, each validated and reported on by itself (an implausible one is
/// rejected with its errors, the others are recorded). Retried with the same <c>Idempotency-Key</c>, the whole batch
/// is recorded once and the same report comes back.
/// </summary>
/// <param name="SessionId">Session id.</param>
/// <param name="Batch">The readings.</param>
public sealed record RecordVitalsBatch(Guid SessionId, VitalsBatchRequest Batch) : IRequest<VitalsBatchResponse>;

/// <summary>Rules for <see cref="RecordVitalsBatch"/>.</summary>
public sealed class RecordVitalsBatchValidator : AbstractValidator<RecordVitalsBatch>
{
    /// <summary>Creates the validator.</summary>
    public RecordVitalsBatchValidator()
    {
        RuleFor(r => r.Batch.Readings).NotEmpty().Must(r => r!.Count <= 100).WithMessage("'readings' may hold 1-100 readings.").OverridePropertyName("readings");
    }
}

/// <summary>Handles <see cref="RecordVitalsBatch"/>.</summary>
public sealed class RecordVitalsBatchHandler(IClinicOpsDbContext db, TimeProvider clock) : IRequestHandler<RecordVitalsBatch, VitalsBatchResponse>
{
    /// <inheritdoc />
    public async Task<VitalsBatchResponse> Handle(RecordVitalsBatch request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (session, thresholds) = await VitalsRecording.LoadOpenSessionAsync(db, request.SessionId, cancellationToken);
        var outcomes = request.Batch.Readings!.Select((r, i) =>
        {
            var problems = VitalsRecording.Problems(r, session, now, string.Empty);
            return problems.Count > 0
                ? (Index: i, Recorded: ((VitalsReading, IReadOnlyList<SessionAlert>)?)null,
                    Errors: problems.GroupBy(p => p.PropertyName).ToDictionary(g => g.Key, g => g.Select(p => p.ErrorMessage).ToArray()))
                : (i, VitalsRecording.Add(db, session, r!.ToVitals(now), r.Note, now, thresholds), (Dictionary<string, string[]>?)null);
        }).ToList();
        await db.SaveChangesAsync(cancellationToken);
        var items = outcomes.Select(o => o.Recorded is { } rec
            ? new BatchItemResponse(o.Index, true, VitalsRecording.Respond(rec.Item1, rec.Item2), null)
            : new BatchItemResponse(o.Index, false, null, o.Errors)).ToList();
        return new VitalsBatchResponse(items.Count(i => i.Accepted), items.Count(i => !i.Accepted), items);
    }
}
