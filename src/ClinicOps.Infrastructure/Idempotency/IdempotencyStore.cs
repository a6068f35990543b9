using ClinicOps.Application.Common;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ClinicOps.Infrastructure.Idempotency;

/// <summary>A keyed request: who sent it, with which key, to which operation, and what it carried.</summary>
/// <param name="Subject">The caller's token subject.</param>
/// <param name="Key">The <c>Idempotency-Key</c> header.</param>
/// <param name="Operation">Method and route template.</param>
/// <param name="RequestHash">Hex SHA-256 of the request target and body bytes.</param>
public sealed record IdempotencyRequest(string Subject, string Key, string Operation, string RequestHash);

/// <summary>What a claim found.</summary>
public enum ClaimOutcome
{
    /// <summary>The caller owns the key now and runs the request.</summary>
    Claimed,

    /// <summary>The same request completed before: replay its response.</summary>
    Replay,

    /// <summary>The same request is still being processed (409 <c>idempotency.in-flight</c>).</summary>
    InFlight,

    /// <summary>The key was used for another operation or body (422 <c>idempotency.key-reused</c>).</summary>
    KeyReused,
}

/// <summary>The result of <see cref="IdempotencyStore.ClaimAsync"/>.</summary>
/// <param name="Outcome">What was found.</param>
/// <param name="Record">The claimed row (for <see cref="ClaimOutcome.Claimed"/>) or the completed one (for a replay).</param>
public sealed record IdempotencyClaim(ClaimOutcome Outcome, IdempotencyRecord? Record = null);

/// <summary>A response to keep for replays.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Headers">Location, ETag and Content-Type as sent, JSON-encoded.</param>
/// <param name="Body">Body bytes.</param>
public sealed record StoredResponse(int StatusCode, string Headers, byte[] Body);

/// <summary>
/// Idempotency keys in the application's database (docs/decisions/0008-idempotency-keys.md). A key is claimed by
/// inserting its row before the handler runs, so the unique (Subject, Key) index decides between concurrent
/// duplicates on every instance. The response is stored in the handler's own transaction
/// (<see cref="BeginAsync"/>, <see cref="CompleteAsync"/>): the change and its stored response commit together.
/// </summary>
public sealed class IdempotencyStore(ClinicOpsDbContext db, TimeProvider clock, IdempotencyHousekeeping housekeeping)
{
    /// <summary>How long a completed key is kept (from completion) and a claimed one at least.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>An in-flight claim older than this is taken to be abandoned (its instance crashed) and may be taken over.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    private const int ClaimAttempts = 3;

    private DbSet<IdempotencyRecord> Records => db.Set<IdempotencyRecord>();

    /// <summary>Claims the key, or says why the request must not run.</summary>
    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        await PurgeExpiredIfDueAsync(cancellationToken);
        for (var attempt = 1; attempt <= ClaimAttempts; attempt++)
        {
            var now = clock.GetUtcNow();
            var existing = await Records.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Subject == request.Subject && r.Key == request.Key, cancellationToken);
            if (existing is not null && existing.ExpiresAt > now)
            {
                if (existing.Operation != request.Operation || existing.RequestHash != request.RequestHash)
                {
                    return new IdempotencyClaim(ClaimOutcome.KeyReused);
                }

                if (existing.State == IdempotencyState.Completed)
                {
                    return new IdempotencyClaim(ClaimOutcome.Replay, existing);
                }

                if (existing.ClaimedAt > now - LockTimeout)
                {
                    return new IdempotencyClaim(ClaimOutcome.InFlight);
                }
            }

            if (existing is not null)
            {
                await DeleteIfStaleAsync(existing.Id, now, cancellationToken);
            }

            var claimed = await TryInsertAsync(request, now, cancellationToken);
            if (claimed is not null)
            {
                return new IdempotencyClaim(ClaimOutcome.Claimed, claimed);
            }
        }

        // Lost the insert race every time: someone else holds the key right now.
        return new IdempotencyClaim(ClaimOutcome.InFlight);
    }

    /// <summary>Starts the transaction the handler's changes and the stored response share.</summary>
    public Task<IDbContextTransaction> BeginAsync(CancellationToken cancellationToken) =>
        db.BeginWriteTransactionAsync(cancellationToken);

    /// <summary>
    /// Stores the response on the claimed row inside the current transaction. False when the claim was taken over
    /// (the request ran longer than the lock timeout): the caller must then roll back, because another instance is
    /// running the same request.
    /// </summary>
    public async Task<bool> CompleteAsync(Guid claimId, StoredResponse response, CancellationToken cancellationToken)
    {
        var expiresAt = clock.GetUtcNow() + Retention;
        var updated = await Records.Where(r => r.Id == claimId && r.State == IdempotencyState.InFlight)
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.State, IdempotencyState.Completed)
                    .SetProperty(r => r.ExpiresAt, expiresAt)
                    .SetProperty(r => r.StatusCode, response.StatusCode)
                    .SetProperty(r => r.ResponseHeaders, response.Headers)
                    .SetProperty(r => r.ResponseBody, response.Body),
                cancellationToken);
        return updated == 1;
    }

    /// <summary>Gives the key up after a failure (5xx), so that the client may retry it.</summary>
    public Task ReleaseAsync(Guid claimId, CancellationToken cancellationToken) =>
        Records.Where(r => r.Id == claimId && r.State == IdempotencyState.InFlight).ExecuteDeleteAsync(cancellationToken);

    private async Task<IdempotencyRecord?> TryInsertAsync(IdempotencyRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = new IdempotencyRecord
        {
            Subject = request.Subject,
            Key = request.Key,
            Operation = request.Operation,
            RequestHash = request.RequestHash,
            State = IdempotencyState.InFlight,
            ClaimedAt = now,
            ExpiresAt = now + Retention,
        };
        var entry = Records.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return record;
        }
        catch (ConflictException conflict) when (conflict.Code == ClinicOpsDbContext.UniqueViolationCode)
        {
            return null;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Deletes an expired row, or an in-flight claim past the lock timeout, only if it still is one: a claim that
    /// completed meanwhile is kept (and then replayed), and of two instances taking over, the unique index lets one win.
    /// </summary>
    private Task<int> DeleteIfStaleAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var abandonedBefore = now - LockTimeout;
        return Records.Where(r => r.Id == id
                && (r.ExpiresAt <= now || (r.State == IdempotencyState.InFlight && r.ClaimedAt <= abandonedBefore)))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private async Task PurgeExpiredIfDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (housekeeping.IsPurgeDue(now))
        {
            await Records.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        }
    }
}

/// <summary>
/// Spaces out the purge of expired keys: at most one cheap indexed delete every <see cref="PurgeInterval"/> per
/// instance, done by the next keyed request, so no timer or hosted service is needed.
/// </summary>
public sealed class IdempotencyHousekeeping
{
    /// <summary>Least time between two purges on one instance.</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    /// <summary>True (once) when a purge is due.</summary>
    public bool IsPurgeDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now < _nextPurge)
            {
                return false;
            }

            _nextPurge = now + PurgeInterval;
            return true;
        }
    }
}
