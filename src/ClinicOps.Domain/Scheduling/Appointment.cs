using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Scheduling;

/// <summary>What an appointment is for.</summary>
public enum AppointmentKind
{
    /// <summary>A dosing session in an observation chair (induction or maintenance).</summary>
    Dosing,

    /// <summary>Integration therapy, ideally 24-72 hours after a dosing session.</summary>
    IntegrationTherapy,

    /// <summary>A follow-up visit, within 7 days after the induction series ends.</summary>
    FollowUpVisit,
}

/// <summary>Where an appointment stands.</summary>
public enum AppointmentStatus
{
    /// <summary>Booked.</summary>
    Booked,

    /// <summary>Cancelled, with a reason; its chair and time are free again.</summary>
    Cancelled,

    /// <summary>The patient did not come; the series keeps its count (label: keep the schedule in weeks 1-4).</summary>
    NoShow,
}

/// <summary>
/// A booked appointment. Times are instants (UTC) computed from the site's local wall-clock time when booked; the local
/// start is kept too, so a daylight-saving change never moves a booked session. A dosing session holds a chair for the
/// protocol's whole session length.
/// </summary>
public sealed class Appointment : AuditableEntity, ISiteScoped, IPatientScoped
{
    private Appointment()
    {
    }

    /// <summary>Books an appointment.</summary>
    public Appointment(
        Guid patientId, Guid siteId, AppointmentKind kind, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTime localStart,
        Guid? chairId, Guid? courseId, CoursePhase? phase, int? sessionNumber)
    {
        if (endsAt <= startsAt)
        {
            throw new ArgumentException("An appointment must end after it starts.", nameof(endsAt));
        }

        if (kind == AppointmentKind.Dosing && (chairId is null || courseId is null || phase is null || sessionNumber is null))
        {
            throw new ArgumentException("A dosing session needs a chair, a course, a phase and a session number.", nameof(kind));
        }

        PatientId = patientId;
        SiteId = siteId;
        Kind = kind;
        StartsAt = startsAt;
        EndsAt = endsAt;
        LocalStart = localStart;
        ChairId = chairId;
        CourseId = courseId;
        Phase = phase;
        SessionNumber = sessionNumber;
        Status = AppointmentStatus.Booked;
    }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>What it is for.</summary>
    public AppointmentKind Kind { get; private set; }

    /// <summary>Start (UTC).</summary>
    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>End (UTC): when the chair is free again.</summary>
    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>Local wall-clock start at the site, as booked.</summary>
    public DateTime LocalStart { get; private set; }

    /// <summary>The observation chair of a dosing session.</summary>
    public Guid? ChairId { get; private set; }

    /// <summary>The course it belongs to.</summary>
    public Guid? CourseId { get; private set; }

    /// <summary>Induction or Maintenance, for a dosing session.</summary>
    public CoursePhase? Phase { get; private set; }

    /// <summary>Number of the session within its phase ("induction 3/8").</summary>
    public int? SessionNumber { get; private set; }

    /// <summary>Where it stands.</summary>
    public AppointmentStatus Status { get; private set; }

    /// <summary>Why it was cancelled.</summary>
    public string? CancellationReason { get; private set; }

    /// <summary>True when it still holds its time.</summary>
    public bool IsBooked => Status == AppointmentStatus.Booked;

    /// <summary>Moves a booked appointment; returns false when it is not booked any more.</summary>
    public bool Reschedule(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTime localStart, Guid? chairId)
    {
        if (!IsBooked || endsAt <= startsAt)
        {
            return false;
        }

        (StartsAt, EndsAt, LocalStart, ChairId) = (startsAt, endsAt, localStart, Kind == AppointmentKind.Dosing ? chairId : null);
        return true;
    }

    /// <summary>Cancels a booked appointment; returns false when it is not booked any more.</summary>
    public bool Cancel(string reason)
    {
        if (!IsBooked)
        {
            return false;
        }

        Status = AppointmentStatus.Cancelled;
        CancellationReason = reason;
        return true;
    }

    /// <summary>Marks a booked appointment that has started as a no-show; returns false otherwise.</summary>
    public bool MarkNoShow(DateTimeOffset now)
    {
        if (!IsBooked || now < StartsAt)
        {
            return false;
        }

        Status = AppointmentStatus.NoShow;
        return true;
    }
}

/// <summary>
/// One 15-minute slot a chair is taken. The primary key (chair, slot) lets the database refuse a double booking on
/// SQLite and PostgreSQL alike, however many clerks book at the same moment.
/// </summary>
/// <param name="ChairId">The chair.</param>
/// <param name="StartsAt">Start of the slot (UTC).</param>
/// <param name="AppointmentId">The appointment holding it.</param>
public sealed record ChairSlot(Guid ChairId, DateTimeOffset StartsAt, Guid AppointmentId);

/// <summary>One 15-minute slot a patient is taken, so no patient is booked twice at once.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="StartsAt">Start of the slot (UTC).</param>
/// <param name="AppointmentId">The appointment holding it.</param>
public sealed record PatientSlot(Guid PatientId, DateTimeOffset StartsAt, Guid AppointmentId);

/// <summary>A named observation chair of a site.</summary>
public sealed class Chair : AuditableEntity, ISiteScoped
{
    /// <summary>Creates a chair.</summary>
    public Chair(Guid siteId, string name)
    {
        SiteId = siteId;
        Name = name;
        Active = true;
    }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Name, unique per site, e.g. "Chair 3".</summary>
    public string Name { get; private set; }

    /// <summary>False when taken out of service: no new bookings.</summary>
    public bool Active { get; private set; }

    /// <summary>Renames it or takes it in or out of service.</summary>
    public void Update(string name, bool active) => (Name, Active) = (name, active);
}

/// <summary>The patient's enrollment in the Spravato REMS, required before the first esketamine session.</summary>
public sealed class RemsEnrollment : AuditableEntity, ISiteScoped, IPatientScoped
{
    /// <summary>Records an enrollment.</summary>
    public RemsEnrollment(Guid patientId, Guid siteId, DateOnly enrolledOn, string reference)
    {
        PatientId = patientId;
        SiteId = siteId;
        EnrolledOn = enrolledOn;
        Reference = reference;
    }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>Date of enrollment.</summary>
    public DateOnly EnrolledOn { get; private set; }

    /// <summary>The REMS enrollment reference.</summary>
    public string Reference { get; private set; }
}
