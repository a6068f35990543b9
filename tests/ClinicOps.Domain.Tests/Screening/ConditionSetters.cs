using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

/// <summary>Which checklist item drives which rule, so theories can be keyed by rule id.</summary>
public static class ConditionSetters
{
    private static readonly Dictionary<string, Func<ConditionChecklist, ConditionChecklist>> _byRuleId = new()
    {
        [ScreeningRuleIds.CiAneurysmalVascularDisease] = c => c with { AneurysmalVascularDiseaseOrAvm = true },
        [ScreeningRuleIds.CiIntracerebralHemorrhage] = c => c with { IntracerebralHemorrhageHistory = true },
        [ScreeningRuleIds.CiHypersensitivity] = c => c with { HypersensitivityToKetamineOrEsketamine = true },
        [ScreeningRuleIds.ExPsychosis] = c => c with { PsychosisOrSchizophrenia = true },
        [ScreeningRuleIds.ExUncontrolledHypertension] = c => c with { UncontrolledHypertension = true },
        [ScreeningRuleIds.ExPregnancy] = c => c with { Pregnancy = true },
        [ScreeningRuleIds.ExBreastfeeding] = c => c with { Breastfeeding = true },
        [ScreeningRuleIds.ExActiveSubstanceUse] = c => c with { ActiveSubstanceUseDisorder = true },
        [ScreeningRuleIds.ExDementia] = c => c with { DementiaOrCognitiveImpairment = true },
        [ScreeningRuleIds.ExSeriousCardiovascular] = c => c with { SeriousCardiovascularDisease = true },
        [ScreeningRuleIds.CautionPastSubstanceUse] = c => c with { PastSubstanceUseDisorder = true },
    };

    public static Func<ConditionChecklist, ConditionChecklist> For(string ruleId) => _byRuleId[ruleId];

    public static ConditionChecklist Everything() =>
        _byRuleId.Values.Aggregate(new ConditionChecklist(), (checklist, set) => set(checklist));
}
