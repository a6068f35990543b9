using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Application.Screenings;

/// <summary>A judged intake screening with every rule's result and the clinician's decision.</summary>
/// <param name="Id">Screening id.</param>
/// <param name="PatientId">Patient id.</param>
/// <param name="SiteId">Site id.</param>
/// <param name="ScreenedOn">Date of the screening.</param>
/// <param name="IntendedTreatment">Treatment screened for.</param>
/// <param name="Outcome">Eligible, NeedsClinicianReview or Ineligible, as judged by the rules.</param>
/// <param name="Urgent">Positive PHQ-9 item 9 or high C-SSRS risk: a clinician must evaluate the patient now. Never an automatic rejection.</param>
/// <param name="ClearedForTreatment">Eligible as judged, or approved by a clinician.</param>
/// <param name="AwaitingReview">Needs a clinician decision before the patient can be treated.</param>
/// <param name="ClinicianMayOverride">Whether a clinician may decide it at all (false when a hard stop failed).</param>
/// <param name="IsCurrent">False once a later screening of the patient supersedes this one.</param>
/// <param name="SupersedesId">The earlier screening this one corrects.</param>
/// <param name="RuleSetVersion">Version of the rule set that judged it.</param>
/// <param name="Thresholds">The clinic thresholds in force when it was judged.</param>
/// <param name="Phq9">PHQ-9 total, band and item 9, computed by the API.</param>
/// <param name="CssrsRisk">C-SSRS screener risk.</param>
/// <param name="Rules">Every rule evaluated, with its status, consequence, explanation and source.</param>
/// <param name="Review">The clinician's decision, or null.</param>
/// <param name="Answers">The answers as submitted.</param>
/// <param name="CreatedAt">When it was recorded (UTC).</param>
/// <param name="CreatedBy">Who recorded it.</param>
public sealed record ScreeningResponse(
    Guid Id,
    Guid PatientId,
    Guid SiteId,
    DateOnly ScreenedOn,
    IntendedTreatment IntendedTreatment,
    ScreeningOutcome Outcome,
    bool Urgent,
    bool ClearedForTreatment,
    bool AwaitingReview,
    bool ClinicianMayOverride,
    bool IsCurrent,
    Guid? SupersedesId,
    string RuleSetVersion,
    ScreeningThresholds Thresholds,
    Phq9Score Phq9,
    CssrsRisk CssrsRisk,
    IReadOnlyList<RuleEvaluation> Rules,
    ScreeningReviewResponse? Review,
    ScreeningInput Answers,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    internal static ScreeningResponse From(IntakeScreening s, bool isCurrent) => new(
        s.Id,
        s.PatientId,
        s.SiteId,
        s.ScreenedOn,
        s.Treatment,
        s.Outcome,
        s.Urgent,
        s.ClearedForTreatment,
        s.ReviewDecision is null && s.Outcome == ScreeningOutcome.NeedsClinicianReview && isCurrent,
        s.ClinicianMayOverride,
        isCurrent,
        s.SupersedesId,
        s.RuleSetVersion,
        s.Thresholds,
        new Phq9Score(s.Phq9Total, s.Phq9Severity, s.Input.Phq9Answers[8] > 0),
        s.CssrsRisk,
        s.Rules,
        s.ReviewDecision is { } decision ? new ScreeningReviewResponse(decision, s.ReviewReason!, s.ReviewedBy!, s.ReviewedAt!.Value) : null,
        s.Input,
        s.CreatedAt,
        s.CreatedBy);

    internal AuditTarget AuditTarget => new(nameof(IntakeScreening), Id.ToString(), SiteId, PatientId);
}

/// <summary>A clinician's decision.</summary>
/// <param name="Decision">Approved or Declined.</param>
/// <param name="Reason">The clinician's reason.</param>
/// <param name="ReviewedBy">Subject of the clinician.</param>
/// <param name="ReviewedAt">When (UTC).</param>
public sealed record ScreeningReviewResponse(ReviewDecision Decision, string Reason, string ReviewedBy, DateTimeOffset ReviewedAt);
