namespace ClinicOps.Infrastructure.Idempotency;

/// <summary>Where a keyed request stands.</summary>
public enum IdempotencyState
{
    /// <summary>Claimed; the request is being processed (or its instance crashed: see the lock timeout).</summary>
    InFlight,

    /// <summary>Processed; the stored response is replayed to retries.</summary>
    Completed,
}

/// <summary>
/// One <c>Idempotency-Key</c> of one caller (docs/decisions/0008-idempotency-keys.md). A persistence record, not a
/// domain entity: it is not audited, and it never appears in the API. <see cref="ResponseBody"/> can hold PHI; it is
/// scoped to <see cref="Subject"/> and deleted after <see cref="ExpiresAt"/>.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>Row id; a takeover inserts a new row, so the id tells an owner whether its claim still stands.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The caller's token subject; (Subject, Key) is unique.</summary>
    public required string Subject { get; init; }

    /// <summary>The key as the client sent it (1-255 printable ASCII characters).</summary>
    public required string Key { get; init; }

    /// <summary>Method and route template, e.g. <c>POST /api/v1/patients</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>Hex SHA-256 of the request target (path and query) and the body bytes as received.</summary>
    public required string RequestHash { get; init; }

    /// <summary>In flight or completed.</summary>
    public IdempotencyState State { get; set; }

    /// <summary>When the current owner claimed the key; an in-flight claim older than the lock timeout may be taken over.</summary>
    public DateTimeOffset ClaimedAt { get; init; }

    /// <summary>After this instant the record is ignored and purged.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Status code of the stored response.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The replayed response headers (Location, ETag, Content-Type) as a JSON object.</summary>
    public string? ResponseHeaders { get; set; }

    /// <summary>The response body bytes.</summary>
    public byte[]? ResponseBody { get; set; }
}
