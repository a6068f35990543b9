namespace ClinicOps.Domain.Screening;

/// <summary>Everything the screening rules need, collected at intake. Contains no name or contact data.</summary>
public sealed record ScreeningInput
{
    /// <summary>Date of birth.</summary>
    public required DateOnly DateOfBirth { get; init; }

    /// <summary>The clinic's "today" for this screening; the engine never reads a clock.</summary>
    public required DateOnly ScreeningDate { get; init; }

    /// <summary>The treatment being considered.</summary>
    public required IntendedTreatment Treatment { get; init; }

    /// <summary>
    /// What the treatment is for; it must fit <see cref="Treatment"/> (<see cref="ScreeningIndications.Fits"/>).
    /// Screenings judged before rule set 2026.11.2 carry no indication in their stored answers and read as the default.
    /// </summary>
    public ScreeningIndication Indication { get; init; }

    /// <summary>Whether the patient currently takes an oral antidepressant (the MDD-with-suicidal-ideation indication needs one).</summary>
    public bool TakingOralAntidepressant { get; init; }

    /// <summary>Working diagnosis.</summary>
    public required DepressionDiagnosis Diagnosis { get; init; }

    /// <summary>Length of the current depressive episode in weeks (recorded for the clinician; no rule uses it yet).</summary>
    public required int EpisodeDurationWeeks { get; init; }

    /// <summary>Antidepressants tried in the current episode.</summary>
    public required IReadOnlyList<AntidepressantTrial> Trials { get; init; }

    /// <summary>Whether psychotherapy was tried (recorded for the clinician; no rule uses it yet).</summary>
    public required bool PsychotherapyTried { get; init; }

    /// <summary>Medical history checklist.</summary>
    public required ConditionChecklist Conditions { get; init; }

    /// <summary>Current medication classes that matter for treatment (REMS form).</summary>
    public required IReadOnlyCollection<ConcomitantMedicationClass> Medications { get; init; }

    /// <summary>Blood pressure measured at intake.</summary>
    public required BloodPressure BloodPressure { get; init; }

    /// <summary>The nine PHQ-9 answers, each 0-3, in questionnaire order.</summary>
    public required IReadOnlyList<int> Phq9Answers { get; init; }

    /// <summary>C-SSRS screener answers.</summary>
    public required CssrsScreenerAnswers Cssrs { get; init; }

    /// <summary>Whether a ride home is arranged.</summary>
    public required TransportationPlan Transportation { get; init; }
}
