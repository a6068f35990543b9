using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class CorrectionTests
{
    private static readonly DateTimeOffset _now = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    private static PriorScreening PriorOf(ScreeningInputBuilder input, bool cleared)
    {
        var verdict = input.Evaluate();
        return new PriorScreening(Guid.NewGuid(), cleared, input.Build(), [.. verdict.Rules.Where(r => r.IsFinding).Select(r => r.RuleId)]);
    }

    [Theory]
    [InlineData(false, RuleStatus.Caution, ScreeningOutcome.NeedsClinicianReview)]
    [InlineData(true, RuleStatus.Pass, ScreeningOutcome.Eligible)]
    public void A_correction_never_clears_a_patient_whose_screening_was_not_cleared_per_clinic_correction_policy(
        bool priorCleared, RuleStatus status, ScreeningOutcome outcome)
    {
        var prior = PriorOf(ScreeningInputBuilder.Eligible().WithConditions(c => c with { AneurysmalVascularDiseaseOrAvm = true }), priorCleared);

        var verdict = ScreeningRuleSet.Evaluate(ScreeningInputBuilder.Eligible().Build(), ScreeningThresholds.Default, prior);

        Assert.Equal(status, verdict.Rules.Single(r => r.RuleId == ScreeningRuleIds.CorrectionOfUncleared).Status);
        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(!priorCleared, ScreeningCorrection.NeedsReason(prior));
    }

    [Fact]
    public void A_first_screening_corrects_nothing_per_clinic_correction_policy()
    {
        var rule = ScreeningInputBuilder.Eligible().EvaluateRule(ScreeningRuleIds.CorrectionOfUncleared);

        Assert.Equal(RuleStatus.Pass, rule.Status);
        Assert.Equal(RuleSource.ClinicPolicy, rule.Source);
    }

    [Fact]
    public void A_correction_lists_the_changed_answers_and_the_findings_that_disappeared_per_clinic_correction_policy()
    {
        var before = ScreeningInputBuilder.Eligible()
            .WithConditions(c => c with { AneurysmalVascularDiseaseOrAvm = true, Pregnancy = true })
            .WithBloodPressure(150, 95);
        var prior = PriorOf(before, cleared: false);
        var after = ScreeningInputBuilder.Eligible().WithConditions(c => c with { Pregnancy = true }).WithoutRide();
        var verdict = ScreeningRuleSet.Evaluate(after.Build(), ScreeningThresholds.Default, prior);

        var correction = ScreeningCorrection.Of(prior, after.Build(), verdict, "AVM ticked in error.");

        Assert.Equal(["conditions.aneurysmalVascularDiseaseOrAvm", "bloodPressure", "transportation"], correction.ChangedAnswers);
        Assert.Equal([ScreeningRuleIds.CiAneurysmalVascularDisease, ScreeningRuleIds.BpPreTreatment], correction.ResolvedFindings);
        Assert.Equal([ScreeningRuleIds.TransportRide], correction.NewFindings);
        Assert.Equal(prior.Id, correction.CorrectsId);
        Assert.False(correction.CorrectedWasCleared);
        Assert.Equal("AVM ticked in error.", correction.Reason);
    }

    [Fact]
    public void An_approval_must_accept_every_overridable_finding_by_rule_id_per_clinic_override_policy()
    {
        var screening = Judged(ScreeningInputBuilder.Eligible()
            .WithConditions(c => c with { Pregnancy = true, ActiveSubstanceUseDisorder = true }));

        var partial = screening.Review(ReviewDecision.Approved, "Reviewed with the patient.", [new(ScreeningRuleIds.ExPregnancy, "Test negative today.")], "dr-lee", _now);
        var stranger = screening.Review(
            ReviewDecision.Approved, "Reviewed with the patient.",
            [new(ScreeningRuleIds.ExPregnancy, "Test negative today."), new(ScreeningRuleIds.ExActiveSubstanceUse, "In remission."), new(ScreeningRuleIds.AgeAdult, "Adult.")],
            "dr-lee", _now);

        Assert.Equal(new ReviewRefused(ReviewRefusal.FindingsNotAccepted, [ScreeningRuleIds.ExActiveSubstanceUse]).RuleIds, partial!.RuleIds);
        Assert.Equal(ReviewRefusal.FindingsNotAccepted, partial.Reason);
        Assert.Equal((ReviewRefusal.NotAFinding, ScreeningRuleIds.AgeAdult), (stranger!.Reason, stranger.RuleIds.Single()));
        Assert.Null(screening.ReviewDecision);

        var approved = screening.Review(
            ReviewDecision.Approved, "Reviewed with the patient.",
            [new(ScreeningRuleIds.ExPregnancy, "Test negative today."), new(ScreeningRuleIds.ExActiveSubstanceUse, "In sustained remission.")],
            "dr-lee", _now);

        Assert.Null(approved);
        Assert.True(screening.ClearedForTreatment);
        Assert.Equal([ScreeningRuleIds.ExPregnancy, ScreeningRuleIds.ExActiveSubstanceUse], screening.AcceptedFindings.Select(f => f.RuleId));
    }

    [Fact]
    public void A_hard_stop_stays_impossible_to_override_per_Spravato_label_contraindications()
    {
        var screening = Judged(ScreeningInputBuilder.Eligible().WithConditions(c => c with { AneurysmalVascularDiseaseOrAvm = true }));

        var refused = screening.Review(ReviewDecision.Approved, "Patient insists.", [new(ScreeningRuleIds.CiAneurysmalVascularDisease, "Patient insists.")], "dr-lee", _now);

        Assert.Equal((ReviewRefusal.HardStop, ScreeningRuleIds.CiAneurysmalVascularDisease), (refused!.Reason, refused.RuleIds.Single()));
        Assert.False(screening.ClearedForTreatment);
    }

    [Fact]
    public void A_decline_accepts_no_findings_per_clinic_override_policy()
    {
        var screening = Judged(ScreeningInputBuilder.Eligible().WithoutRide());

        var refused = screening.Review(ReviewDecision.Declined, "No ride.", [new(ScreeningRuleIds.TransportRide, "x")], "dr-lee", _now);
        var declined = screening.Review(ReviewDecision.Declined, "No ride.", [], "dr-lee", _now);

        Assert.Equal(ReviewRefusal.NotAFinding, refused!.Reason);
        Assert.Null(declined);
        Assert.Empty(screening.AcceptedFindings);
    }

    [Fact]
    public void An_urgent_screening_is_acknowledged_once_and_a_decision_acknowledges_it_per_PHQ9_item9_immediate_evaluation()
    {
        var urgent = Judged(ScreeningInputBuilder.Eligible().WithPhq9Item9(2).WithCssrs(new CssrsScreenerAnswers { WishToBeDead = true }));
        var routine = Judged(ScreeningInputBuilder.Eligible().WithoutRide());
        var decided = Judged(ScreeningInputBuilder.Eligible().WithPhq9Item9(2).WithCssrs(new CssrsScreenerAnswers { WishToBeDead = true }));

        Assert.True(urgent.AwaitingAcknowledgement);
        Assert.Null(urgent.Acknowledge("Seen at 10:40, safety plan.", "dr-lee", _now));
        Assert.Equal(AcknowledgementRefusal.AlreadyAcknowledged, urgent.Acknowledge("Again.", "dr-kim", _now));
        Assert.Equal(AcknowledgementRefusal.NotUrgent, routine.Acknowledge("Nothing urgent.", "dr-lee", _now));
        Assert.False(urgent.AwaitingAcknowledgement);
        Assert.Equal(("dr-lee", _now), (urgent.AcknowledgedBy, urgent.AcknowledgedAt));

        Assert.Null(decided.Review(ReviewDecision.Declined, "Needs inpatient evaluation first.", [], "dr-kim", _now));
        Assert.False(decided.AwaitingAcknowledgement);
        Assert.Equal("dr-kim", decided.AcknowledgedBy);
    }

    private static IntakeScreening Judged(ScreeningInputBuilder input) =>
        new(Guid.NewGuid(), Guid.NewGuid(), input.Build(), ScreeningThresholds.Default, input.Evaluate(), supersedes: null, correction: null);
}
