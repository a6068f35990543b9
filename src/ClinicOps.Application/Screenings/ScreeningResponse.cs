using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Screening;

namespace ClinicOps.Application.Screenings;

/// <summary>A judged intake screening with every rule's result, the clinician's decision and acknowledgement.</summary>
/// <param name="Id" example="9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f">Screening id.</param>
/// <param name="PatientId" example="0b7f4c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b">Patient id.</param>
/// <param name="SiteId" example="5e1f0000-0000-4000-8000-000000000001">Site id.</param>
/// <param name="ScreenedOn" example="2026-11-20">Date of the screening.</param>
/// <param name="IntendedTreatment">Treatment screened for.</param>
/// <param name="Indication">What the treatment is for; each indication has its own rules.</param>
/// <param name="Outcome">Eligible, NeedsClinicianReview or Ineligible, as judged by the rules.</param>
/// <param name="Urgent">
/// Positive PHQ-9 item 9, moderate or high C-SSRS risk, or the MDD-with-acute-suicidal-ideation indication: a clinician
/// must evaluate the patient now. Never an automatic rejection.
/// </param>
/// <param name="AwaitingAcknowledgement">Urgent and not yet acknowledged by a clinician; it stays at the head of the queue until then.</param>
/// <param name="ClearedForTreatment">Eligible as judged, or approved by a clinician.</param>
/// <param name="AwaitingReview">Current, needs a clinician decision before the patient can be treated, and has none yet.</param>
/// <param name="ClinicianMayOverride">Whether a clinician may decide it at all (false when eligible or when a hard stop failed).</param>
/// <param name="OverridableFindings">Rule ids an approval must accept one by one, each with a reason.</param>
/// <param name="IsCurrent">False once a later screening of the patient supersedes this one.</param>
/// <param name="SupersedesId" example="8b0c1d2e-3f4a-4b5c-9d6e-7f8a9b0c1d2e">The earlier screening this one corrects.</param>
/// <param name="Correction">What this screening changed in the one it corrects; null for a first screening.</param>
/// <param name="RuleSetVersion" example="2026.11.2">Version of the rule set that judged it; stored verdicts are never re-judged.</param>
/// <param name="Thresholds">The clinic thresholds in force when it was judged.</param>
/// <param name="Phq9">PHQ-9 total, band and item 9, computed by the API.</param>
/// <param name="CssrsRisk">C-SSRS screener risk.</param>
/// <param name="Rules">Every rule evaluated, with its status, consequence, explanation and source.</param>
/// <param name="Review">The clinician's decision, or null.</param>
/// <param name="Acknowledgement">The clinician's acknowledgement of an urgent screening, or null.</param>
/// <param name="Answers">The answers as submitted.</param>
/// <param name="CreatedAt" example="2026-11-20T15:30:00+00:00">When it was recorded (UTC).</param>
/// <param name="CreatedBy" example="nurse-jordan">Who recorded it.</param>
public sealed record ScreeningResponse(
    Guid Id,
    Guid PatientId,
    Guid SiteId,
    DateOnly ScreenedOn,
    IntendedTreatment IntendedTreatment,
    ScreeningIndication Indication,
    ScreeningOutcome Outcome,
    bool Urgent,
    bool AwaitingAcknowledgement,
    bool ClearedForTreatment,
    bool AwaitingReview,
    bool ClinicianMayOverride,
    IReadOnlyList<string> OverridableFindings,
    bool IsCurrent,
    Guid? SupersedesId,
    ScreeningCorrectionResponse? Correction,
    string RuleSetVersion,
    ScreeningThresholdsResponse Thresholds,
    Phq9Response Phq9,
    CssrsRisk CssrsRisk,
    IReadOnlyList<RuleResultResponse> Rules,
    ScreeningReviewResponse? Review,
    ScreeningAcknowledgementResponse? Acknowledgement,
    ScreeningAnswers Answers,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    internal static ScreeningResponse From(IntakeScreening s, bool isCurrent) => new(
        s.Id,
        s.PatientId,
        s.SiteId,
        s.ScreenedOn,
        s.Treatment,
        s.Indication,
        s.Outcome,
        s.Urgent,
        s.AwaitingAcknowledgement,
        s.ClearedForTreatment,
        s.ReviewDecision is null && s.Outcome == ScreeningOutcome.NeedsClinicianReview && isCurrent,
        s.ClinicianMayOverride,
        s.ClinicianMayOverride ? s.OverridableFindings : [],
        isCurrent,
        s.SupersedesId,
        s.Correction is { } c
            ? new ScreeningCorrectionResponse(c.CorrectsId, c.CorrectedWasCleared, c.Reason, c.ChangedAnswers, c.ResolvedFindings, c.NewFindings)
            : null,
        s.RuleSetVersion,
        ScreeningThresholdsResponse.From(s.Thresholds),
        new Phq9Response(s.Phq9Total, s.Phq9Severity, s.Input.Phq9Answers[8] > 0),
        s.CssrsRisk,
        [.. s.Rules.Select(r => new RuleResultResponse(r.RuleId, r.Status, r.Consequence, r.Explanation, r.Source, r.Citation))],
        s.ReviewDecision is { } decision
            ? new ScreeningReviewResponse(
                decision, s.ReviewReason!, s.ReviewedBy!, s.ReviewedAt!.Value,
                [.. s.AcceptedFindings.Select(f => new AcceptedFindingResponse(f.RuleId, f.Reason))])
            : null,
        s.AcknowledgedAt is { } acknowledgedAt
            ? new ScreeningAcknowledgementResponse(s.AcknowledgedBy!, acknowledgedAt, s.AcknowledgementNote!)
            : null,
        ScreeningAnswers.From(s.Input, s.Indication),
        s.CreatedAt,
        s.CreatedBy);

    internal AuditTarget AuditTarget => new(nameof(IntakeScreening), Id.ToString(), SiteId, PatientId);
}

/// <summary>The result of one screening rule, explained.</summary>
/// <param name="RuleId" example="BP-PRE-TREATMENT">Stable upper-case rule id, e.g. <c>BP-PRE-TREATMENT</c>.</param>
/// <param name="Status">Pass, Caution or Fail.</param>
/// <param name="Consequence">What the result means: None when passed, else Review, Exclusion or HardStop.</param>
/// <param name="Explanation" example="Blood pressure 141/90 mmHg is above the clinic limit of 140/90 mmHg, so treatment should be deferred until a clinician reviews it.">One plain-English sentence for front-desk staff; never holds patient-identifying data.</param>
/// <param name="Source">Where the rule comes from: Label, Rems, ClinicPolicy or Scale.</param>
/// <param name="Citation" example="Clinic policy after the esketamine monograph: consider delaying treatment if blood pressure is above 140/90 mmHg">The document and section the rule follows.</param>
public sealed record RuleResultResponse(
    string RuleId, RuleStatus Status, RuleConsequence Consequence, string Explanation, RuleSource Source, string Citation);

/// <summary>The scored PHQ-9.</summary>
/// <param name="Total" example="16">Sum of the nine items, 0-27.</param>
/// <param name="Severity">Severity band of the total.</param>
/// <param name="Item9Positive">True when item 9 (thoughts of self-harm) was answered above 0.</param>
public sealed record Phq9Response(int Total, Phq9Severity Severity, bool Item9Positive);

/// <summary>The clinic thresholds a screening was judged with.</summary>
/// <param name="MinimumAgeYears" example="18">Minimum age in whole years.</param>
/// <param name="SystolicDeferAbove" example="140">Defer treatment when systolic pressure is above this, mmHg.</param>
/// <param name="DiastolicDeferAbove" example="90">Defer treatment when diastolic pressure is above this, mmHg.</param>
/// <param name="MinimumAdequateTrials" example="2">Different antidepressants with an adequate trial without response needed for TRD.</param>
/// <param name="MinimumTrialWeeks" example="6">Minimum weeks at an adequate dose for a trial to count.</param>
/// <param name="NonResponseImprovementBelowPercent" example="50">A trial counts as non-response below this improvement, percent.</param>
public sealed record ScreeningThresholdsResponse(
    int MinimumAgeYears, int SystolicDeferAbove, int DiastolicDeferAbove, int MinimumAdequateTrials, int MinimumTrialWeeks, int NonResponseImprovementBelowPercent)
{
    internal static ScreeningThresholdsResponse From(ScreeningThresholds t) => new(
        t.MinimumAgeYears, t.SystolicDeferAbove, t.DiastolicDeferAbove, t.MinimumAdequateTrials, t.MinimumTrialWeeks, t.NonResponseImprovementBelowPercent);
}

/// <summary>What a correction changed in the screening it supersedes.</summary>
/// <param name="CorrectsId" example="8b0c1d2e-3f4a-4b5c-9d6e-7f8a9b0c1d2e">The screening it corrects.</param>
/// <param name="CorrectedWasCleared">Whether that screening had cleared the patient; when not, this one waits for a clinician.</param>
/// <param name="Reason" example="AVM box was ticked in error; neurology letter of 2026-11-19 confirms none.">Why the answers were corrected; the author is <c>createdBy</c>.</param>
/// <param name="ChangedAnswers">Field names of the answers that differ, e.g. <c>conditions.pregnancy</c>.</param>
/// <param name="ResolvedFindings">Rule ids that were findings before and pass now.</param>
/// <param name="NewFindings">Rule ids that are findings now and passed before.</param>
public sealed record ScreeningCorrectionResponse(
    Guid CorrectsId,
    bool CorrectedWasCleared,
    string? Reason,
    IReadOnlyList<string> ChangedAnswers,
    IReadOnlyList<string> ResolvedFindings,
    IReadOnlyList<string> NewFindings);

/// <summary>A clinician's decision.</summary>
/// <param name="Decision">Approved or Declined.</param>
/// <param name="Reason" example="Cleared for induction after recheck.">The clinician's overall reason.</param>
/// <param name="ReviewedBy" example="dr-lee">Subject of the clinician.</param>
/// <param name="ReviewedAt" example="2026-11-20T16:05:00+00:00">When (UTC).</param>
/// <param name="AcceptedFindings">With an approval: each overridable finding accepted, with its reason.</param>
public sealed record ScreeningReviewResponse(
    ReviewDecision Decision, string Reason, string ReviewedBy, DateTimeOffset ReviewedAt, IReadOnlyList<AcceptedFindingResponse> AcceptedFindings);

/// <summary>One finding accepted in an approval.</summary>
/// <param name="RuleId" example="BP-PRE-TREATMENT">The finding's rule id.</param>
/// <param name="Reason" example="BP 132/84 on recheck after 10 minutes of rest.">Why it was accepted.</param>
public sealed record AcceptedFindingResponse(string RuleId, string Reason);

/// <summary>A clinician's acknowledgement of an urgent screening.</summary>
/// <param name="AcknowledgedBy" example="dr-lee">Subject of the clinician.</param>
/// <param name="AcknowledgedAt" example="2026-11-20T15:40:00+00:00">When (UTC).</param>
/// <param name="Note" example="Saw the patient at 10:40; no plan or intent; safety plan reviewed.">What the clinician did.</param>
public sealed record ScreeningAcknowledgementResponse(string AcknowledgedBy, DateTimeOffset AcknowledgedAt, string Note);
