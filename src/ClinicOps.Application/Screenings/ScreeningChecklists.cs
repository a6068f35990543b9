using System.Text.Json;
using ClinicOps.Domain.Screening;
using FluentValidation;

namespace ClinicOps.Application.Screenings;

/// <summary>The conditions checklist; each item true or false.</summary>
public sealed record ConditionAnswers
{
    /// <summary>Aneurysmal vascular disease (aorta, intracranial, peripheral) or arteriovenous malformation.</summary>
    public bool? AneurysmalVascularDiseaseOrAvm { get; init; }

    /// <summary>History of intracerebral hemorrhage.</summary>
    public bool? IntracerebralHemorrhageHistory { get; init; }

    /// <summary>Hypersensitivity to esketamine, ketamine or excipients.</summary>
    public bool? HypersensitivityToKetamineOrEsketamine { get; init; }

    /// <summary>Active psychosis or schizophrenia.</summary>
    public bool? PsychosisOrSchizophrenia { get; init; }

    /// <summary>Uncontrolled hypertension.</summary>
    public bool? UncontrolledHypertension { get; init; }

    /// <summary>Pregnancy.</summary>
    public bool? Pregnancy { get; init; }

    /// <summary>Breastfeeding.</summary>
    public bool? Breastfeeding { get; init; }

    /// <summary>Active substance use disorder.</summary>
    public bool? ActiveSubstanceUseDisorder { get; init; }

    /// <summary>Past (not active) substance use disorder.</summary>
    public bool? PastSubstanceUseDisorder { get; init; }

    /// <summary>Dementia or significant cognitive impairment.</summary>
    public bool? DementiaOrCognitiveImpairment { get; init; }

    /// <summary>Serious cardiovascular disease.</summary>
    public bool? SeriousCardiovascularDisease { get; init; }

    internal static ConditionAnswers From(ConditionChecklist c) => new()
    {
        AneurysmalVascularDiseaseOrAvm = c.AneurysmalVascularDiseaseOrAvm,
        IntracerebralHemorrhageHistory = c.IntracerebralHemorrhageHistory,
        HypersensitivityToKetamineOrEsketamine = c.HypersensitivityToKetamineOrEsketamine,
        PsychosisOrSchizophrenia = c.PsychosisOrSchizophrenia,
        UncontrolledHypertension = c.UncontrolledHypertension,
        Pregnancy = c.Pregnancy,
        Breastfeeding = c.Breastfeeding,
        ActiveSubstanceUseDisorder = c.ActiveSubstanceUseDisorder,
        PastSubstanceUseDisorder = c.PastSubstanceUseDisorder,
        DementiaOrCognitiveImpairment = c.DementiaOrCognitiveImpairment,
        SeriousCardiovascularDisease = c.SeriousCardiovascularDisease,
    };

    internal ConditionChecklist ToChecklist() => new()
    {
        AneurysmalVascularDiseaseOrAvm = AneurysmalVascularDiseaseOrAvm!.Value,
        IntracerebralHemorrhageHistory = IntracerebralHemorrhageHistory!.Value,
        HypersensitivityToKetamineOrEsketamine = HypersensitivityToKetamineOrEsketamine!.Value,
        PsychosisOrSchizophrenia = PsychosisOrSchizophrenia!.Value,
        UncontrolledHypertension = UncontrolledHypertension!.Value,
        Pregnancy = Pregnancy!.Value,
        Breastfeeding = Breastfeeding!.Value,
        ActiveSubstanceUseDisorder = ActiveSubstanceUseDisorder!.Value,
        PastSubstanceUseDisorder = PastSubstanceUseDisorder!.Value,
        DementiaOrCognitiveImpairment = DementiaOrCognitiveImpairment!.Value,
        SeriousCardiovascularDisease = SeriousCardiovascularDisease!.Value,
    };
}

/// <summary>
/// C-SSRS screener. Questions 3-5 are asked only when question 2 is yes (send null otherwise); the timing of
/// suicidal behavior is asked only when question 6 is yes.
/// </summary>
public sealed record CssrsAnswers
{
    /// <summary>Q1: wished to be dead or not wake up (past month).</summary>
    public bool? WishToBeDead { get; init; }

    /// <summary>Q2: non-specific active suicidal thoughts (past month).</summary>
    public bool? NonSpecificActiveSuicidalThoughts { get; init; }

    /// <summary>Q3: thought about how (methods), without intent. Required when Q2 is true; must be absent or null otherwise.</summary>
    public bool? ActiveIdeationWithMethods { get; init; }

    /// <summary>Q4: some intention of acting on the thoughts. Required when Q2 is true; must be absent or null otherwise.</summary>
    public bool? ActiveIdeationWithIntent { get; init; }

    /// <summary>Q5: worked out details of a plan, with intent. Required when Q2 is true; must be absent or null otherwise.</summary>
    public bool? ActiveIdeationWithPlanAndIntent { get; init; }

    /// <summary>Q6: ever done, started or prepared to do anything to end their life.</summary>
    public bool? SuicidalBehavior { get; init; }

    /// <summary>Q6 follow-up: within the past three months. Required when Q6 is true; must be absent or null otherwise.</summary>
    public bool? SuicidalBehaviorWithinPastThreeMonths { get; init; }

    internal static CssrsAnswers From(CssrsScreenerAnswers a) => new()
    {
        WishToBeDead = a.WishToBeDead,
        NonSpecificActiveSuicidalThoughts = a.NonSpecificActiveSuicidalThoughts,
        ActiveIdeationWithMethods = a.ActiveIdeationWithMethods,
        ActiveIdeationWithIntent = a.ActiveIdeationWithIntent,
        ActiveIdeationWithPlanAndIntent = a.ActiveIdeationWithPlanAndIntent,
        SuicidalBehavior = a.SuicidalBehavior,
        SuicidalBehaviorWithinPastThreeMonths = a.SuicidalBehaviorWithinPastThreeMonths,
    };

    internal CssrsScreenerAnswers ToAnswers() => new()
    {
        WishToBeDead = WishToBeDead!.Value,
        NonSpecificActiveSuicidalThoughts = NonSpecificActiveSuicidalThoughts!.Value,
        ActiveIdeationWithMethods = ActiveIdeationWithMethods,
        ActiveIdeationWithIntent = ActiveIdeationWithIntent,
        ActiveIdeationWithPlanAndIntent = ActiveIdeationWithPlanAndIntent,
        SuicidalBehavior = SuicidalBehavior!.Value,
        SuicidalBehaviorWithinPastThreeMonths = SuicidalBehaviorWithinPastThreeMonths,
    };
}

internal sealed class ConditionAnswersValidator : AbstractValidator<ConditionAnswers>
{
    public ConditionAnswersValidator()
    {
        foreach (var item in typeof(ConditionAnswers).GetProperties())
        {
            var field = JsonNamingPolicy.CamelCase.ConvertName(item.Name);
            RuleFor(c => item.GetValue(c)).NotNull().OverridePropertyName(field)
                .WithMessage($"'{field}' must be answered (true or false).");
        }
    }
}

internal sealed class CssrsAnswersValidator : AbstractValidator<CssrsAnswers>
{
    private const string AskedOnlyAfterQuestion2 = "'{PropertyName}' is asked only when nonSpecificActiveSuicidalThoughts is true.";

    public CssrsAnswersValidator()
    {
        RuleFor(c => c.WishToBeDead).NotNull();
        RuleFor(c => c.NonSpecificActiveSuicidalThoughts).NotNull();
        RuleFor(c => c.SuicidalBehavior).NotNull();
        When(c => c.NonSpecificActiveSuicidalThoughts == true, () =>
        {
            RuleFor(c => c.ActiveIdeationWithMethods).NotNull();
            RuleFor(c => c.ActiveIdeationWithIntent).NotNull();
            RuleFor(c => c.ActiveIdeationWithPlanAndIntent).NotNull();
        }).Otherwise(() =>
        {
            RuleFor(c => c.ActiveIdeationWithMethods).Null().WithMessage(AskedOnlyAfterQuestion2);
            RuleFor(c => c.ActiveIdeationWithIntent).Null().WithMessage(AskedOnlyAfterQuestion2);
            RuleFor(c => c.ActiveIdeationWithPlanAndIntent).Null().WithMessage(AskedOnlyAfterQuestion2);
        });
        RuleFor(c => c.SuicidalBehaviorWithinPastThreeMonths).NotNull().When(c => c.SuicidalBehavior == true)
            .WithMessage("'{PropertyName}' is required when suicidalBehavior is true.");
        RuleFor(c => c.SuicidalBehaviorWithinPastThreeMonths).Null().When(c => c.SuicidalBehavior == false)
            .WithMessage("'{PropertyName}' is asked only when suicidalBehavior is true.");
    }
}
