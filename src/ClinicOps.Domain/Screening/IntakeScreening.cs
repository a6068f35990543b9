using ClinicOps.Domain.Common;

namespace ClinicOps.Domain.Screening;

/// <summary>
/// One intake screening of a patient as it was judged: the answers, the thresholds in force, the rule-set version and
/// the verdict are stored together and never recomputed, so a later change of thresholds or rules cannot alter it.
/// A correction is a new screening that supersedes this one; this one stays in the history.
/// </summary>
public sealed class IntakeScreening : AuditableEntity, ISiteScoped, IPatientScoped
{
    private IntakeScreening()
    {
        Input = null!;
        Thresholds = null!;
        Rules = [];
        RuleSetVersion = string.Empty;
    }

    /// <summary>Records a judged screening; <paramref name="supersedes"/> is the patient's current screening, if any.</summary>
    public IntakeScreening(Guid patientId, Guid siteId, ScreeningInput input, ScreeningThresholds thresholds, ScreeningVerdict verdict, IntakeScreening? supersedes)
        : this()
    {
        PatientId = patientId;
        SiteId = siteId;
        Input = input;
        Thresholds = thresholds;
        ScreenedOn = input.ScreeningDate;
        Treatment = input.Treatment;
        RuleSetVersion = verdict.RuleSetVersion;
        Outcome = verdict.Outcome;
        Urgent = verdict.Urgent;
        Phq9Total = verdict.Phq9.Total;
        Phq9Severity = verdict.Phq9.Severity;
        CssrsRisk = verdict.CssrsRisk;
        Rules = verdict.Rules;
        HasHardStop = verdict.HasHardStop;
        ClinicianMayOverride = verdict.ClinicianMayOverride;
        SupersedesId = supersedes?.Id;
        Sequence = (supersedes?.Sequence ?? 0) + 1;
    }

    /// <inheritdoc />
    public Guid PatientId { get; private set; }

    /// <inheritdoc />
    public Guid SiteId { get; private set; }

    /// <summary>The answers as submitted.</summary>
    public ScreeningInput Input { get; private set; }

    /// <summary>The clinic thresholds the verdict was judged with.</summary>
    public ScreeningThresholds Thresholds { get; private set; }

    /// <summary>Date of the screening.</summary>
    public DateOnly ScreenedOn { get; private set; }

    /// <summary>Intended treatment.</summary>
    public IntendedTreatment Treatment { get; private set; }

    /// <summary>Version of the rule set that judged it.</summary>
    public string RuleSetVersion { get; private set; }

    /// <summary>The engine's outcome.</summary>
    public ScreeningOutcome Outcome { get; private set; }

    /// <summary>Positive PHQ-9 item 9 or high C-SSRS risk: a clinician must see the patient now.</summary>
    public bool Urgent { get; private set; }

    /// <summary>PHQ-9 total (0-27), computed by the API.</summary>
    public int Phq9Total { get; private set; }

    /// <summary>PHQ-9 severity band.</summary>
    public Phq9Severity Phq9Severity { get; private set; }

    /// <summary>C-SSRS screener risk.</summary>
    public CssrsRisk CssrsRisk { get; private set; }

    /// <summary>Every rule evaluated, pass or not.</summary>
    public IReadOnlyList<RuleEvaluation> Rules { get; private set; }

    /// <summary>A hard stop failed (label contraindication, age): no override is possible.</summary>
    public bool HasHardStop { get; private set; }

    /// <summary>A clinician may approve or decline this screening.</summary>
    public bool ClinicianMayOverride { get; private set; }

    /// <summary>
    /// 1 for a patient's first screening, then one more per correction. Unique per patient, so two submissions
    /// racing from the same current screening (or from none) cannot both become current.
    /// </summary>
    public int Sequence { get; private set; }

    /// <summary>The earlier screening this one corrects.</summary>
    public Guid? SupersedesId { get; private set; }

    /// <summary>The clinician's decision, once reviewed.</summary>
    public ReviewDecision? ReviewDecision { get; private set; }

    /// <summary>The clinician's reason.</summary>
    public string? ReviewReason { get; private set; }

    /// <summary>Subject of the reviewing clinician.</summary>
    public string? ReviewedBy { get; private set; }

    /// <summary>When it was reviewed (UTC).</summary>
    public DateTimeOffset? ReviewedAt { get; private set; }

    /// <summary>Cleared to start treatment: eligible as judged, or approved by a clinician.</summary>
    public bool ClearedForTreatment =>
        ReviewDecision is null ? Outcome == ScreeningOutcome.Eligible : ReviewDecision == Domain.Screening.ReviewDecision.Approved;

    /// <summary>
    /// Records a clinician's decision. Returns why it is refused, or null when recorded. Hard stops cannot be
    /// overridden; an eligible screening needs no review; a decision is final (a correction is a new screening).
    /// </summary>
    public ReviewRefusal? Review(ReviewDecision decision, string reason, string clinician, DateTimeOffset at)
    {
        if (ReviewDecision is not null)
        {
            return ReviewRefusal.AlreadyReviewed;
        }

        if (HasHardStop)
        {
            return ReviewRefusal.HardStop;
        }

        if (!ClinicianMayOverride)
        {
            return ReviewRefusal.NoReviewNeeded;
        }

        ReviewDecision = decision;
        ReviewReason = reason;
        ReviewedBy = clinician;
        ReviewedAt = at;
        return null;
    }
}

/// <summary>A clinician's decision on a screening.</summary>
public enum ReviewDecision
{
    /// <summary>Cleared for treatment despite the findings (the reason says why).</summary>
    Approved,

    /// <summary>Not cleared for treatment.</summary>
    Declined,
}

/// <summary>Why a review was refused.</summary>
public enum ReviewRefusal
{
    /// <summary>The screening already has a decision.</summary>
    AlreadyReviewed,

    /// <summary>A hard stop (label contraindication or age) failed; no clinician may override it.</summary>
    HardStop,

    /// <summary>The screening is eligible as judged; there is nothing to review.</summary>
    NoReviewNeeded,
}
