using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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

/// <summary>What the stored key says about a request.</summary>
public enum ClaimOutcome
{
    /// <summary>No live record: the caller runs the request (inside the transaction that will store its response).</summary>
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
/// <param name="Record">The completed record, for a replay.</param>
public sealed record IdempotencyClaim(ClaimOutcome Outcome, IdempotencyRecord? Record = null);

/// <summary>A response to keep for replays.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Headers">Location, ETag and Content-Type as sent, JSON-encoded.</param>
/// <param name="Body">Body bytes.</param>
public sealed record StoredResponse(int StatusCode, string Headers, byte[] Body);

/// <summary>
/// Idempotency keys in the application's database (docs/decisions/0008-idempotency-keys.md). One write transaction
/// per keyed request: <see cref="BeginAsync"/> opens it, <see cref="ClaimAsync"/> marks the key in flight and reads
/// its record, the endpoint runs, and <see cref="StoreAsync"/> inserts the completed record before the commit. The
/// change and its stored response commit together or not at all, and a crash leaves nothing behind. Duplicates in
/// flight are told apart without a write of their own: on PostgreSQL by a transaction-scoped advisory lock on the
/// key (held by whichever instance runs it, released by commit, rollback or a dropped connection); on SQLite, whose
/// single process is the only writer, by the process's own registry of keys being processed.
/// </summary>
public sealed class IdempotencyStore(ClinicOpsDbContext db, TimeProvider clock, IdempotencyHousekeeping housekeeping)
{
    /// <summary>How long a completed key is kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// An <see cref="IdempotencyState.InFlight"/> row, as versions before the single-transaction design wrote, older
    /// than this is taken to be abandoned and may be taken over.
    /// </summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    private static readonly CompiledPerModel<Func<ClinicOpsDbContext, string, string, CancellationToken, Task<IdempotencyRecord?>>> Find = new(() =>
        EF.CompileAsyncQuery((ClinicOpsDbContext context, string subject, string key, CancellationToken _) =>
            context.Set<IdempotencyRecord>().AsNoTracking().SingleOrDefault(r => r.Subject == subject && r.Key == key)));

    private DbSet<IdempotencyRecord> Records => db.Set<IdempotencyRecord>();

    /// <summary>
    /// On SQLite, marks the key as being processed by this process before the request waits for the write turn, so
    /// that a duplicate arriving meanwhile is told 409 at once. Null when a duplicate already holds it. Dispose the
    /// result when the request ends. On PostgreSQL the mark is the advisory lock taken by <see cref="ClaimAsync"/>.
    /// </summary>
    public IDisposable? TryMarkInFlightLocally(IdempotencyRequest request) =>
        db.IsSqlite ? housekeeping.TryMark(request.Subject, request.Key) : NoMark.Instance;

    /// <summary>
    /// Starts the transaction the claim, the handler's changes and the stored response share. On SQLite it is deferred
    /// to the first write (<see cref="ClinicOpsDbContext.BeginDeferredWriteTransactionAsync"/>): the claim's read runs
    /// outside the write turn, which is safe because one process owns a SQLite file and its in-flight mark
    /// (<see cref="TryMarkInFlightLocally"/>) keeps a duplicate out until this request has committed or rolled back.
    /// </summary>
    public Task<IDbContextTransaction> BeginAsync(CancellationToken cancellationToken) =>
        db.BeginDeferredWriteTransactionAsync(cancellationToken);

    /// <summary>Inside <see cref="BeginAsync"/>'s transaction: whether the request runs, replays or is refused.</summary>
    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        if (!db.IsSqlite && !await TryAdvisoryLockAsync(request, cancellationToken))
        {
            return new IdempotencyClaim(ClaimOutcome.InFlight);
        }

        var now = clock.GetUtcNow();
        if (housekeeping.IsPurgeDue(now))
        {
            await db.StartDeferredWriteAsync(cancellationToken);
            await Records.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        }

        var existing = await FindRecord(db, request.Subject, request.Key, cancellationToken);
        if (existing is null)
        {
            return new IdempotencyClaim(ClaimOutcome.Claimed);
        }

        var live = existing.ExpiresAt > now;
        if (live && (existing.Operation != request.Operation || existing.RequestHash != request.RequestHash))
        {
            return new IdempotencyClaim(ClaimOutcome.KeyReused);
        }

        if (live && existing.State == IdempotencyState.Completed)
        {
            return new IdempotencyClaim(ClaimOutcome.Replay, existing);
        }

        if (live && existing.ClaimedAt > now - LockTimeout)
        {
            return new IdempotencyClaim(ClaimOutcome.InFlight);
        }

        // Expired, or an abandoned claim of an older version: the key is free again.
        await db.StartDeferredWriteAsync(cancellationToken);
        await Records.Where(r => r.Id == existing.Id).ExecuteDeleteAsync(cancellationToken);
        return new IdempotencyClaim(ClaimOutcome.Claimed);
    }

    /// <summary>
    /// Inserts the completed record inside the current transaction. False when the unique (Subject, Key) index already
    /// holds it: a duplicate that no in-flight mark caught (another process on one SQLite file) committed first, and the
    /// caller must roll back and replay that one instead.
    /// </summary>
    public async Task<bool> StoreAsync(IdempotencyRequest request, StoredResponse response, CancellationToken cancellationToken)
    {
        // The endpoint is done: whatever it left tracked (an insert refused by a unique index, say) must not be saved
        // again along with the record.
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        var entry = Records.Add(new IdempotencyRecord
        {
            Subject = request.Subject,
            Key = request.Key,
            Operation = request.Operation,
            RequestHash = request.RequestHash,
            State = IdempotencyState.Completed,
            ClaimedAt = now,
            ExpiresAt = now + Retention,
            StatusCode = response.StatusCode,
            ResponseHeaders = response.Headers,
            ResponseBody = response.Body,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (ConflictException conflict) when (conflict.Code == ClinicOpsDbContext.UniqueViolationCode)
        {
            return false;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>Reads the record a concurrent duplicate committed, outside any transaction.</summary>
    public async Task<IdempotencyClaim> ReadCommittedAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        var record = await FindRecord(db, request.Subject, request.Key, cancellationToken);
        if (record is null || record.State != IdempotencyState.Completed)
        {
            return new IdempotencyClaim(ClaimOutcome.InFlight);
        }

        return record.Operation == request.Operation && record.RequestHash == request.RequestHash
            ? new IdempotencyClaim(ClaimOutcome.Replay, record)
            : new IdempotencyClaim(ClaimOutcome.KeyReused);
    }

    /// <summary>
    /// <c>pg_try_advisory_xact_lock</c> on 64 bits of SHA-256(subject, key): false while another transaction, on any
    /// instance, runs the same key. Released with the transaction, also when its connection dies.
    /// </summary>
    private async Task<bool> TryAdvisoryLockAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        var lockKey = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"idempotency\n{request.Subject}\n{request.Key}")), 0);
        return await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({lockKey}) AS \"Value\"").SingleAsync(cancellationToken);
    }

    private static Task<IdempotencyRecord?> FindRecord(ClinicOpsDbContext context, string subject, string key, CancellationToken cancellationToken) =>
        Find.For(context)(context, subject, key, cancellationToken);

    private sealed class NoMark : IDisposable
    {
        public static readonly NoMark Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>
/// Per-process state of the idempotency store: when expired keys were last purged (one cheap indexed delete every
/// <see cref="PurgeInterval"/>, done by the next keyed request, so no timer is needed), and, for SQLite only, the
/// keys this process is processing right now.
/// </summary>
public sealed class IdempotencyHousekeeping
{
    /// <summary>Least time between two purges on one instance.</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(string Subject, string Key), byte> _inFlight = new();
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

    /// <summary>Marks a key as being processed; null when it already is.</summary>
    public IDisposable? TryMark(string subject, string key) =>
        _inFlight.TryAdd((subject, key), 0) ? new Mark(_inFlight, (subject, key)) : null;

    private sealed class Mark(ConcurrentDictionary<(string Subject, string Key), byte> inFlight, (string, string) key) : IDisposable
    {
        public void Dispose() => inFlight.TryRemove(key, out _);
    }
}
