namespace ClinicOps.Domain.Common;

/// <summary>
/// Base for every stored record: a stable id, who created and last changed it and when (UTC instants),
/// and a version that increases on every change and backs optimistic concurrency (the HTTP ETag).
/// </summary>
public abstract class AuditableEntity
{
    /// <summary>Stable identifier, assigned once on creation.</summary>
    public Guid Id { get; protected init; } = Guid.CreateVersion7();

    /// <summary>When the record was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Subject of the user who created the record.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>When the record was last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Subject of the user who last changed the record.</summary>
    public string UpdatedBy { get; set; } = string.Empty;

    /// <summary>Increases by one on every saved change; compared on update to detect lost updates.</summary>
    public int Version { get; set; }
}
