namespace ClinicOps.Domain.Screening;

/// <summary>Medical history checklist completed at intake; an unchecked item means "no".</summary>
public sealed record ConditionChecklist
{
    /// <summary>Aneurysmal vascular disease (thoracic or abdominal aorta, intracranial, peripheral arteries) or arteriovenous malformation.</summary>
    public bool AneurysmalVascularDiseaseOrAvm { get; init; }

    /// <summary>Any history of intracerebral hemorrhage.</summary>
    public bool IntracerebralHemorrhageHistory { get; init; }

    /// <summary>Hypersensitivity to ketamine, esketamine or an excipient.</summary>
    public bool HypersensitivityToKetamineOrEsketamine { get; init; }

    /// <summary>Active psychosis or schizophrenia.</summary>
    public bool PsychosisOrSchizophrenia { get; init; }

    /// <summary>Hypertension that is not controlled.</summary>
    public bool UncontrolledHypertension { get; init; }

    /// <summary>Currently pregnant.</summary>
    public bool Pregnancy { get; init; }

    /// <summary>Currently breastfeeding.</summary>
    public bool Breastfeeding { get; init; }

    /// <summary>Active substance use disorder.</summary>
    public bool ActiveSubstanceUseDisorder { get; init; }

    /// <summary>Substance use disorder in the past (not active).</summary>
    public bool PastSubstanceUseDisorder { get; init; }

    /// <summary>Dementia or significant cognitive impairment.</summary>
    public bool DementiaOrCognitiveImpairment { get; init; }

    /// <summary>Serious cardiovascular disease.</summary>
    public bool SeriousCardiovascularDisease { get; init; }
}
