using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Authorizations;

/// <summary>Where a payer's prior authorization stands.</summary>
public enum PriorAuthorizationStatus
{
    /// <summary>Submitted to the payer, no answer yet.</summary>
    Requested,

    /// <summary>Approved: sessions are authorized within its dates and count.</summary>
    Approved,

    /// <summary>Denied by the payer.</summary>
    Denied,
}

/// <summary>A document the PA refers to (kept in the clinic's document system, referenced here).</summary>
/// <param name="Title">What it is, e.g. "Payer approval letter".</param>
/// <param name="Reference">Where it is, e.g. a document id or file name.</param>
public sealed record DocumentReference(string Title, string Reference);

/// <summary>
/// A payer's prior authorization for a course: payer, reference number, approved sessions (a count and/or a date
/// range), status and the documents it refers to. A renewal is a new record.
/// </summary>
public sealed class PriorAuthorization : AuditableEntity, ISiteScoped, IPatientScoped
{
    private PriorAuthorization()
    {
        Payer = string.Empty;
        ReferenceNumber = string.Empty;
        Documents = [];
    }

    /// <summary>Records a PA.</summary>
    public PriorAuthorization(
        Guid courseId, Guid patientId, Guid siteId, string payer, string referenceNumber, PriorAuthorizationStatus status, int? approvedSessions,
        DateOnly? validFrom, DateOnly? validThrough, IReadOnlyList<DocumentReference> documents)
        : this()
    {
        CourseId = courseId;
        PatientId = patientId;
        SiteId = siteId;
        Payer = payer;
        ReferenceNumber = referenceNumber;
        Status = status;
        ApprovedSessions = approvedSessions;
        ValidFrom = validFrom;
        ValidThrough = validThrough;
        Documents = documents;
    }

    /// <summary>The course.</summary>
    public Guid CourseId { get; private set; }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>The payer.</summary>
    public string Payer { get; private set; }

    /// <summary>The payer's reference number.</summary>
    public string ReferenceNumber { get; private set; }

    /// <summary>Status.</summary>
    public PriorAuthorizationStatus Status { get; private set; }

    /// <summary>Sessions approved; null when only dates limit it.</summary>
    public int? ApprovedSessions { get; private set; }

    /// <summary>First date of service covered; null when only a count limits it.</summary>
    public DateOnly? ValidFrom { get; private set; }

    /// <summary>Last date of service covered.</summary>
    public DateOnly? ValidThrough { get; private set; }

    /// <summary>Documents referred to.</summary>
    public IReadOnlyList<DocumentReference> Documents { get; private set; }

    /// <summary>The rules' view of it.</summary>
    public AuthorizationWindow Window => new(Id, ApprovedSessions, ValidFrom, ValidThrough);
}

/// <summary>A ClinicAdmin's override, with a reason, of the PA check for sessions of a course on given dates.</summary>
public sealed class PriorAuthorizationOverride : AuditableEntity, ISiteScoped, IPatientScoped
{
    private PriorAuthorizationOverride()
    {
        Dates = [];
        Reason = string.Empty;
        By = string.Empty;
    }

    /// <summary>Records an override.</summary>
    public PriorAuthorizationOverride(Guid courseId, Guid patientId, Guid siteId, IReadOnlyList<DateOnly> dates, string reason, string by, DateTimeOffset at)
        : this()
    {
        (CourseId, PatientId, SiteId, Dates, Reason, By, At) = (courseId, patientId, siteId, dates, reason, by, at);
    }

    /// <summary>The course.</summary>
    public Guid CourseId { get; private set; }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Local dates of the sessions it lets through.</summary>
    public IReadOnlyList<DateOnly> Dates { get; private set; }

    /// <summary>Why.</summary>
    public string Reason { get; private set; }

    /// <summary>The ClinicAdmin.</summary>
    public string By { get; private set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; private set; }
}
