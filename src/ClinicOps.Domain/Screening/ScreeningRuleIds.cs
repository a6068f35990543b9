namespace ClinicOps.Domain.Screening;

/// <summary>Stable ids of the screening rules; stored with overrides and returned by the API.</summary>
public static class ScreeningRuleIds
{
    /// <summary>Adults only (label).</summary>
    public const string AgeAdult = "AGE-ADULT";

    /// <summary>The indication screened for, and whether it fits the answers.</summary>
    public const string Indication = "IND-INDICATION";

    /// <summary>An oral antidepressant alongside esketamine (required for MDD with acute suicidal ideation).</summary>
    public const string OralAntidepressant = "IND-ORAL-ANTIDEPRESSANT";

    /// <summary>Treatment-resistant depression: enough adequate antidepressant trials without response.</summary>
    public const string TrdAdequateTrials = "TRD-ADEQUATE-TRIALS";

    /// <summary>Diagnosis other than major depressive disorder (bipolar or other) needs review.</summary>
    public const string DxBipolar = "DX-BIPOLAR";

    /// <summary>Contraindication: aneurysmal vascular disease or arteriovenous malformation.</summary>
    public const string CiAneurysmalVascularDisease = "CI-ANEURYSMAL-VASCULAR-DISEASE";

    /// <summary>Contraindication: history of intracerebral hemorrhage.</summary>
    public const string CiIntracerebralHemorrhage = "CI-INTRACEREBRAL-HEMORRHAGE";

    /// <summary>Contraindication: hypersensitivity to ketamine, esketamine or an excipient.</summary>
    public const string CiHypersensitivity = "CI-HYPERSENSITIVITY";

    /// <summary>Exclusion: active psychosis or schizophrenia.</summary>
    public const string ExPsychosis = "EX-PSYCHOSIS";

    /// <summary>Exclusion: uncontrolled hypertension.</summary>
    public const string ExUncontrolledHypertension = "EX-UNCONTROLLED-HYPERTENSION";

    /// <summary>Exclusion: pregnancy.</summary>
    public const string ExPregnancy = "EX-PREGNANCY";

    /// <summary>Exclusion: breastfeeding.</summary>
    public const string ExBreastfeeding = "EX-BREASTFEEDING";

    /// <summary>Exclusion: active substance use disorder.</summary>
    public const string ExActiveSubstanceUse = "EX-ACTIVE-SUBSTANCE-USE";

    /// <summary>Exclusion: dementia or significant cognitive impairment.</summary>
    public const string ExDementia = "EX-DEMENTIA";

    /// <summary>Exclusion: serious cardiovascular disease.</summary>
    public const string ExSeriousCardiovascular = "EX-SERIOUS-CARDIOVASCULAR";

    /// <summary>Caution: past substance use disorder.</summary>
    public const string CautionPastSubstanceUse = "CAUTION-PAST-SUBSTANCE-USE";

    /// <summary>Blood pressure before starting is above the clinic threshold.</summary>
    public const string BpPreTreatment = "BP-PRE-TREATMENT";

    /// <summary>Concomitant benzodiazepine.</summary>
    public const string MedBenzodiazepine = "MED-BENZODIAZEPINE";

    /// <summary>Concomitant non-benzodiazepine sedative-hypnotic.</summary>
    public const string MedNonBenzoSedativeHypnotic = "MED-NON-BENZO-SEDATIVE-HYPNOTIC";

    /// <summary>Concomitant psychostimulant.</summary>
    public const string MedPsychostimulant = "MED-PSYCHOSTIMULANT";

    /// <summary>Concomitant monoamine oxidase inhibitor.</summary>
    public const string MedMaoi = "MED-MAOI";

    /// <summary>Concomitant opioid.</summary>
    public const string MedOpioid = "MED-OPIOID";

    /// <summary>PHQ-9 item 9 (thoughts of self-harm) positive.</summary>
    public const string Phq9Item9 = "PHQ9-ITEM9";

    /// <summary>Any yes on a C-SSRS screener ideation or behaviour question.</summary>
    public const string CssrsRisk = "CSSRS-RISK";

    /// <summary>PHQ-9 item 9 and the C-SSRS ideation questions disagree.</summary>
    public const string SuicidalityScalesDisagree = "SCALES-DISAGREE";

    /// <summary>A correction of a screening that was not cleared for treatment.</summary>
    public const string CorrectionOfUncleared = "CORRECTION-OF-UNCLEARED";

    /// <summary>No ride home arranged.</summary>
    public const string TransportRide = "TRANSPORT-RIDE";

    /// <summary>Every rule id, in the order the rules appear in a verdict.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Indication, OralAntidepressant, AgeAdult, TrdAdequateTrials, DxBipolar,
        CiAneurysmalVascularDisease, CiIntracerebralHemorrhage, CiHypersensitivity,
        ExPsychosis, ExUncontrolledHypertension, ExPregnancy, ExBreastfeeding,
        ExActiveSubstanceUse, ExDementia, ExSeriousCardiovascular, CautionPastSubstanceUse,
        BpPreTreatment,
        MedBenzodiazepine, MedNonBenzoSedativeHypnotic, MedPsychostimulant, MedMaoi, MedOpioid,
        Phq9Item9, CssrsRisk, SuicidalityScalesDisagree, TransportRide, CorrectionOfUncleared,
    ];
}
