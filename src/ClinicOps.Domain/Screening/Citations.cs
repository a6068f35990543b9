namespace ClinicOps.Domain.Screening;

/// <summary>Citation texts shared by the screening rules.</summary>
internal static class Citations
{
    public const string SpravatoIndications = "Spravato prescribing information, Indications and Usage (adults)";
    public const string KetamineOffLabelAdults = "Clinic policy for off-label IV ketamine, following the Spravato indication (adults)";
    public const string SpravatoTrdIndication =
        "Spravato prescribing information, Indications and Usage (treatment-resistant depression)";
    public const string ClinicTrdPolicy = "Clinic policy: treatment-resistant depression before off-label IV ketamine";
    public const string ClinicDiagnosisPolicy = "Clinic policy: diagnoses other than major depressive disorder";
    public const string SpravatoContraindications = "Spravato prescribing information, Contraindications";
    public const string KetamineContraindications = "Ketamine hydrochloride injection prescribing information, Contraindications";
    public const string ClinicCopiesSpravatoContraindications =
        "Clinic policy for IV ketamine, copying the Spravato prescribing information, Contraindications";
    public const string ClinicExclusions = "Clinic intake policy: exclusion criteria";
    public const string ClinicPastSubstanceUse = "Clinic intake policy: history of substance use disorder needs extra care";
    public const string BloodPressureMonograph =
        "Clinic policy after the esketamine monograph: consider delaying treatment if blood pressure is above 140/90 mmHg";
    public const string RemsMonitoringForm = "Spravato REMS Patient Monitoring Form, concomitant medications";
    public const string Phq9Item9 = "PHQ-9 item 9: any positive answer needs immediate clinician evaluation";
    public const string CssrsScreener = "Columbia Suicide Severity Rating Scale (C-SSRS) screener, risk triage";
    public const string SpravatoMddSuicidalIdeationIndication =
        "Spravato prescribing information, Indications and Usage (depressive symptoms in adults with MDD with acute suicidal ideation or behavior, with an oral antidepressant)";
    public const string SpravatoMonotherapy =
        "Spravato prescribing information, Indications and Usage (TRD: with an oral antidepressant or as monotherapy, since January 2025)";
    public const string ClinicIvProtocol = "Clinic protocol for off-label IV ketamine";
    public const string CssrsScreenerTriage =
        "Columbia Suicide Severity Rating Scale (C-SSRS) screener with triage (2021): any yes to questions 1-6 needs further evaluation by a behavioral-health clinician";
    public const string ScaleAgreement =
        "PHQ-9 item 9 and C-SSRS screener questions 1-2 both ask about thoughts of death or suicide; disagreement needs a clinician's evaluation";
    public const string ClinicCorrectionPolicy =
        "Clinic safety policy: a correction never clears a patient whose screening was not cleared without a clinician's review";
    public const string NoDriving =
        "Spravato prescribing information and REMS: no driving until the next day after a restful sleep";
}
