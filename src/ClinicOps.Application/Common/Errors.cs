namespace ClinicOps.Application.Common;

/// <summary>The requested record does not exist, or exists in a site the caller cannot see (mapped to 404).</summary>
public sealed class NotFoundException(string entityType, object id)
    : Exception($"{entityType} '{id}' was not found.")
{
    /// <summary>Kind of record, e.g. "Patient".</summary>
    public string EntityType { get; } = entityType;

    /// <summary>The id that was asked for.</summary>
    public string Id { get; } = id.ToString() ?? string.Empty;
}

/// <summary>The request conflicts with the current state, e.g. a duplicate unique value (mapped to 409).</summary>
public sealed class ConflictException(string code, string message, IReadOnlyList<string>? reasons = null) : Exception(message)
{
    /// <summary>Machine-readable reason, e.g. "patient.mrn-taken".</summary>
    public string Code { get; } = code;

    /// <summary>What in the current state stands in the way, one sentence each (e.g. the failed discharge checks).</summary>
    public IReadOnlyList<string> Reasons { get; } = reasons ?? [];
}

/// <summary>The caller's <c>If-Match</c> no longer matches the stored version (mapped to 412).</summary>
public sealed class PreconditionFailedException(string entityType, int currentVersion)
    : Exception($"{entityType} was changed by someone else; fetch it again and retry with the new ETag.")
{
    /// <summary>Kind of record.</summary>
    public string EntityType { get; } = entityType;

    /// <summary>The version now stored.</summary>
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>A clinical or business rule forbids the request (mapped to 422 with a machine-readable code).</summary>
public sealed class BusinessRuleException(string code, string message, IReadOnlyList<string>? reasons = null)
    : Exception(message)
{
    /// <summary>Machine-readable rule code, e.g. "screening.hard-stop".</summary>
    public string Code { get; } = code;

    /// <summary>Human-readable reasons, one per broken rule.</summary>
    public IReadOnlyList<string> Reasons { get; } = reasons ?? [];
}
