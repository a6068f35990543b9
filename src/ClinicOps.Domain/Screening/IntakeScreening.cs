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
        AcceptedFindings = [];
        RuleSetVersion = string.Empty;
    }

    /// <summary>
    /// Records a judged screening; <paramref name="supersedes"/> is the patient's current screening, if any, and
    /// <paramref name="correction"/> describes what this one changed in it.
    /// </summary>
    public IntakeScreening(
        Guid patientId, Guid siteId, ScreeningInput input, ScreeningThresholds thresholds, ScreeningVerdict verdict,
        IntakeScreening? supersedes, ScreeningCorrection? correction)
        : this()
    {
        if ((supersedes is null) != (correction is null) || (correction is not null && correction.CorrectsId != supersedes!.Id))
        {
            throw new ArgumentException("A screening that supersedes another must describe its correction of that screening.", nameof(correction));
        }

        PatientId = patientId;
        SiteId = siteId;
        Input = input;
        Thresholds = thresholds;
        ScreenedOn = input.ScreeningDate;
        Treatment = input.Treatment;
        Indication = input.Indication;
        Correction = correction;
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

    /// <summary>What the treatment is for.</summary>
    public ScreeningIndication Indication { get; private set; }

    /// <summary>What this screening changed in the one it corrects; null for a first screening.</summary>
    public ScreeningCorrection? Correction { get; private set; }

    /// <summary>Version of the rule set that judged it.</summary>
    public string RuleSetVersion { get; private set; }

    /// <summary>The engine's outcome.</summary>
    public ScreeningOutcome Outcome { get; private set; }

    /// <summary>
    /// Positive PHQ-9 item 9, moderate or high C-SSRS risk, or the MDD-with-acute-suicidal-ideation indication: a clinician
    /// must see the patient now, and the screening stays in the queue until one acknowledges it.
    /// </summary>
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

    /// <summary>With an approval: each overridable finding the clinician accepted, by rule id, with a reason.</summary>
    public IReadOnlyList<AcceptedFinding> AcceptedFindings { get; private set; }

    /// <summary>Subject of the clinician who acknowledged an urgent screening.</summary>
    public string? AcknowledgedBy { get; private set; }

    /// <summary>When an urgent screening was acknowledged (UTC).</summary>
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>The clinician's note on acknowledging.</summary>
    public string? AcknowledgementNote { get; private set; }

    /// <summary>Urgent and not yet acknowledged by a clinician, whether or not it is current.</summary>
    public bool AwaitingAcknowledgement => Urgent && AcknowledgedAt is null;

    /// <summary>Rule ids of the findings a clinician's approval must accept one by one (reviews and exclusions).</summary>
    public IReadOnlyList<string> OverridableFindings =>
        [.. Rules.Where(r => r.IsFinding && r.Consequence is RuleConsequence.Review or RuleConsequence.Exclusion).Select(r => r.RuleId)];

    /// <summary>Cleared to start treatment: eligible as judged, or approved by a clinician.</summary>
    public bool ClearedForTreatment =>
        ReviewDecision is null ? Outcome == ScreeningOutcome.Eligible : ReviewDecision == Domain.Screening.ReviewDecision.Approved;

    /// <summary>
    /// Records a clinician's decision. Returns why it is refused, or null when recorded. Hard stops cannot be
    /// overridden; an eligible screening needs no review; a decision is final (a correction is a new screening). An
    /// approval must accept every overridable finding by rule id, and nothing else. A decision on an urgent screening
    /// also acknowledges it.
    /// </summary>
    public ReviewRefused? Review(
        ReviewDecision decision, string reason, IReadOnlyList<AcceptedFinding> acceptedFindings, string clinician, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(acceptedFindings);
        if (ReviewDecision is not null)
        {
            return new ReviewRefused(ReviewRefusal.AlreadyReviewed, []);
        }

        if (HasHardStop)
        {
            return new ReviewRefused(
                ReviewRefusal.HardStop,
                [.. Rules.Where(r => r is { Status: RuleStatus.Fail, Consequence: RuleConsequence.HardStop }).Select(r => r.RuleId)]);
        }

        if (!ClinicianMayOverride)
        {
            return new ReviewRefused(ReviewRefusal.NoReviewNeeded, []);
        }

        if (decision == Domain.Screening.ReviewDecision.Approved)
        {
            var overridable = OverridableFindings;
            var accepted = acceptedFindings.Select(a => a.RuleId).ToHashSet(StringComparer.Ordinal);
            var strangers = accepted.Where(id => !overridable.Contains(id)).Order(StringComparer.Ordinal).ToList();
            if (strangers.Count > 0)
            {
                return new ReviewRefused(ReviewRefusal.NotAFinding, strangers);
            }

            var missing = overridable.Where(id => !accepted.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                return new ReviewRefused(ReviewRefusal.FindingsNotAccepted, missing);
            }
        }
        else if (acceptedFindings.Count > 0)
        {
            return new ReviewRefused(ReviewRefusal.NotAFinding, [.. acceptedFindings.Select(a => a.RuleId)]);
        }

        ReviewDecision = decision;
        ReviewReason = reason;
        ReviewedBy = clinician;
        ReviewedAt = at;
        AcceptedFindings = decision == Domain.Screening.ReviewDecision.Approved ? [.. acceptedFindings] : [];
        if (AwaitingAcknowledgement)
        {
            Acknowledge($"Acknowledged with the review decision: {reason}", clinician, at);
        }

        return null;
    }

    /// <summary>
    /// A clinician acknowledges an urgent screening: they have seen it and acted. Returns why it is refused, or null
    /// when recorded. Only urgent screenings are acknowledged, once; superseded ones too, since urgency does not
    /// vanish with a correction.
    /// </summary>
    public AcknowledgementRefusal? Acknowledge(string note, string clinician, DateTimeOffset at)
    {
        if (!Urgent)
        {
            return AcknowledgementRefusal.NotUrgent;
        }

        if (AcknowledgedAt is not null)
        {
            return AcknowledgementRefusal.AlreadyAcknowledged;
        }

        AcknowledgedBy = clinician;
        AcknowledgedAt = at;
        AcknowledgementNote = note.Length > MaxNoteLength ? note[..MaxNoteLength] : note;
        return null;
    }

    /// <summary>Longest reason or note stored.</summary>
    public const int MaxNoteLength = 1000;
}

/// <summary>One overridable finding a clinician accepts in an approval.</summary>
/// <param name="RuleId">The rule id of the finding.</param>
/// <param name="Reason">Why it is acceptable for this patient.</param>
public sealed record AcceptedFinding(string RuleId, string Reason);

/// <summary>A refused review, with the rule ids it concerns.</summary>
/// <param name="Reason">Why it was refused.</param>
/// <param name="RuleIds">The hard stops, the findings left unaccepted, or the ids that are no overridable finding.</param>
public sealed record ReviewRefused(ReviewRefusal Reason, IReadOnlyList<string> RuleIds);

/// <summary>Why an acknowledgement was refused.</summary>
public enum AcknowledgementRefusal
{
    /// <summary>The screening is not urgent.</summary>
    NotUrgent,

    /// <summary>It was acknowledged already.</summary>
    AlreadyAcknowledged,
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

    /// <summary>An approval left overridable findings unaccepted.</summary>
    FindingsNotAccepted,

    /// <summary>An accepted rule id is not an overridable finding of this screening (or a decline accepted findings).</summary>
    NotAFinding,
}
