namespace ClinicOps.Domain.Auditing;

/// <summary>
/// One access to clinic data, successful or not. Append-only: never updated or deleted. Holds ids only,
/// never names or clinical values, so the trail itself is not a second copy of PHI.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    /// <summary>Stable id; version-7 GUIDs also sort by time.</summary>
    public Guid Id { get; private init; } = Guid.CreateVersion7();

    /// <summary>When the access happened (UTC).</summary>
    public DateTimeOffset OccurredAt { get; private init; }

    /// <summary>Token subject of the caller, "anonymous" without a token, "system" for background work.</summary>
    public string Subject { get; private init; } = string.Empty;

    /// <summary>The caller's roles, comma-separated.</summary>
    public string Roles { get; private init; } = string.Empty;

    /// <summary>Site of the record, when known.</summary>
    public Guid? SiteId { get; private init; }

    /// <summary>
    /// The sites in the caller's token at the time, as <c>|id|id|</c> (lower-case, each id between bars, so one
    /// site can be matched exactly). Entries without a record site (refused or not-found attempts) are shown only
    /// to the administrators of these sites.
    /// </summary>
    public string CallerSiteIds { get; private init; } = string.Empty;

    /// <summary>What was attempted.</summary>
    public AuditAction Action { get; private init; }

    /// <summary>Kind of record, e.g. "Patient".</summary>
    public string EntityType { get; private init; } = string.Empty;

    /// <summary>Id of the record, when the request named one.</summary>
    public string? EntityId { get; private init; }

    /// <summary>The patient the record belongs to, so the trail can be read per patient.</summary>
    public Guid? PatientId { get; private init; }

    /// <summary>How it ended.</summary>
    public AuditOutcome Outcome { get; private init; }

    /// <summary>Correlation id of the HTTP request (W3C trace id).</summary>
    public string CorrelationId { get; private init; } = string.Empty;

    /// <summary>Remote address of the client.</summary>
    public string? ClientAddress { get; private init; }

    /// <summary>HTTP method and route template, e.g. "GET /api/v1/patients/{id}" (never the query string, which can hold names).</summary>
    public string? Operation { get; private init; }

    /// <summary>How one site appears inside <see cref="CallerSiteIds"/>, for matching it exactly.</summary>
    public static string SiteToken(Guid siteId) => $"|{siteId:D}|";

    private static string FormatSites(IReadOnlyCollection<Guid> siteIds) =>
        siteIds.Count == 0 ? string.Empty : $"|{string.Join('|', siteIds.Order().Select(id => id.ToString("D")))}|";

    /// <summary>Creates an entry.</summary>
    public static AuditEntry Record(AuditContext context, DateTimeOffset occurredAt, AuditAction action, AuditOutcome outcome, AuditTarget target) => new()
    {
        OccurredAt = occurredAt,
        Subject = context.Subject,
        Roles = string.Join(',', context.Roles),
        CallerSiteIds = FormatSites(context.CallerSiteIds),
        CorrelationId = context.CorrelationId,
        ClientAddress = context.ClientAddress,
        Operation = context.Operation,
        Action = action,
        Outcome = outcome,
        EntityType = target.EntityType,
        EntityId = target.EntityId,
        SiteId = target.SiteId,
        PatientId = target.PatientId,
    };
}

/// <summary>Who is acting and through which request.</summary>
/// <param name="Subject">Token subject.</param>
/// <param name="Roles">Roles of the caller.</param>
/// <param name="CallerSiteIds">Sites in the caller's token (the site a background job works for).</param>
/// <param name="CorrelationId">Request correlation id.</param>
/// <param name="ClientAddress">Remote address.</param>
/// <param name="Operation">HTTP method and route template.</param>
public sealed record AuditContext(
    string Subject, IReadOnlyList<string> Roles, IReadOnlyCollection<Guid> CallerSiteIds, string CorrelationId, string? ClientAddress, string? Operation);

/// <summary>The record an audit entry is about.</summary>
/// <param name="EntityType">Kind of record.</param>
/// <param name="EntityId">Its id, when known.</param>
/// <param name="SiteId">Its site, when known.</param>
/// <param name="PatientId">Its patient, when it is patient data.</param>
public sealed record AuditTarget(string EntityType, string? EntityId, Guid? SiteId, Guid? PatientId);

/// <summary>What was attempted.</summary>
public enum AuditAction
{
    /// <summary>A record was created.</summary>
    Create,

    /// <summary>A record was read (also once per record returned by a list or search).</summary>
    Read,

    /// <summary>A record was changed.</summary>
    Update,

    /// <summary>A record was deleted.</summary>
    Delete,
}

/// <summary>How an attempt ended.</summary>
public enum AuditOutcome
{
    /// <summary>Done.</summary>
    Success,

    /// <summary>Refused: no valid token, or the role may not do this.</summary>
    Denied,

    /// <summary>The record does not exist or belongs to a site the caller cannot see.</summary>
    NotFound,
}
