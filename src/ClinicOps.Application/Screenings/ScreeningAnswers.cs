using ClinicOps.Domain.Screening;
using FluentValidation;

namespace ClinicOps.Application.Screenings;

/// <summary>
/// An intake screening as captured by the clinic. Every checklist item and scale answer must be given explicitly:
/// for a clinical checklist "not answered" is not the same as "no". PHQ-9 totals and bands are computed by the API.
/// </summary>
public sealed record ScreeningAnswers
{
    /// <summary>Date of the screening: not in the future at the patient's site, not before the date of birth.</summary>
    /// <example>2026-11-20</example>
    public DateOnly? ScreenedOn { get; init; }

    /// <summary>Treatment the patient is being screened for.</summary>
    /// <example>Esketamine</example>
    public IntendedTreatment? IntendedTreatment { get; init; }

    /// <summary>
    /// What the treatment is for. Esketamine: <c>TreatmentResistantDepression</c> or
    /// <c>MddWithAcuteSuicidalIdeationOrBehavior</c> (always urgent, always reviewed). IV ketamine: <c>ClinicProtocol</c>.
    /// </summary>
    /// <example>TreatmentResistantDepression</example>
    public ScreeningIndication? Indication { get; init; }

    /// <summary>Whether the patient currently takes an oral antidepressant (required alongside esketamine for MDD with acute suicidal ideation).</summary>
    /// <example>true</example>
    public bool? TakingOralAntidepressant { get; init; }

    /// <summary>Working diagnosis.</summary>
    /// <example>MajorDepressiveDisorder</example>
    public DepressionDiagnosis? Diagnosis { get; init; }

    /// <summary>Duration of the current episode in weeks (0-5200).</summary>
    /// <example>60</example>
    public int? EpisodeDurationWeeks { get; init; }

    /// <summary>Antidepressant trials in this episode (up to 30; may be empty).</summary>
    public IReadOnlyList<AntidepressantTrialAnswer>? AntidepressantTrials { get; init; }

    /// <summary>Whether psychotherapy has been tried.</summary>
    /// <example>true</example>
    public bool? PsychotherapyTried { get; init; }

    /// <summary>The conditions checklist; every item must be answered.</summary>
    public ConditionAnswers? Conditions { get; init; }

    /// <summary>Classes of current medications that matter for dosing and the REMS form (may be empty).</summary>
    /// <example>["Benzodiazepine"]</example>
    public IReadOnlyList<ConcomitantMedicationClass>? Medications { get; init; }

    /// <summary>Blood pressure at screening.</summary>
    public BloodPressureAnswer? BloodPressure { get; init; }

    /// <summary>The nine PHQ-9 item answers in order, each 0-3.</summary>
    /// <example>[2, 2, 1, 2, 1, 1, 1, 0, 0]</example>
    public IReadOnlyList<int>? Phq9 { get; init; }

    /// <summary>C-SSRS screener answers.</summary>
    public CssrsAnswers? Cssrs { get; init; }

    /// <summary>How the patient will get home after a session (no driving until the next day).</summary>
    /// <example>RideArranged</example>
    public TransportationPlan? Transportation { get; init; }

    /// <summary>
    /// Why the patient's current screening is being corrected (5-1000 characters). Required when that screening did not
    /// clear the patient; optional when it did, and ignored for a first screening. Returned in <c>correction</c>, not here.
    /// </summary>
    /// <example>AVM box was ticked in error; neurology letter of 2026-11-19 confirms no vascular malformation.</example>
    public string? CorrectionReason { get; init; }

    /// <summary>The stored answers as the API shows them; <paramref name="indication"/> comes from the screening row.</summary>
    internal static ScreeningAnswers From(ScreeningInput input, ScreeningIndication indication) => new()
    {
        ScreenedOn = input.ScreeningDate,
        IntendedTreatment = input.Treatment,
        Indication = indication,
        TakingOralAntidepressant = input.TakingOralAntidepressant,
        Diagnosis = input.Diagnosis,
        EpisodeDurationWeeks = input.EpisodeDurationWeeks,
        AntidepressantTrials = [.. input.Trials.Select(t => new AntidepressantTrialAnswer
        {
            DrugName = t.DrugName,
            DrugClass = t.DrugClass,
            AdequateDose = t.AdequateDose,
            DurationWeeks = t.DurationWeeks,
            TakenAsPrescribed = t.TakenAsPrescribed,
            ImprovementPercent = t.ImprovementPercent,
        })],
        PsychotherapyTried = input.PsychotherapyTried,
        Conditions = ConditionAnswers.From(input.Conditions),
        Medications = [.. input.Medications],
        BloodPressure = new BloodPressureAnswer { Systolic = input.BloodPressure.Systolic, Diastolic = input.BloodPressure.Diastolic },
        Phq9 = [.. input.Phq9Answers],
        Cssrs = CssrsAnswers.From(input.Cssrs),
        Transportation = input.Transportation,
    };

    internal ScreeningInput ToInput(DateOnly dateOfBirth) => new()
    {
        DateOfBirth = dateOfBirth,
        ScreeningDate = ScreenedOn!.Value,
        Treatment = IntendedTreatment!.Value,
        Indication = Indication!.Value,
        TakingOralAntidepressant = TakingOralAntidepressant!.Value,
        Diagnosis = Diagnosis!.Value,
        EpisodeDurationWeeks = EpisodeDurationWeeks!.Value,
        Trials = AntidepressantTrials!.Select(t => new AntidepressantTrial(
            t.DrugName!.Trim(), t.DrugClass!.Value, t.AdequateDose!.Value, t.DurationWeeks!.Value, t.TakenAsPrescribed!.Value, t.ImprovementPercent!.Value)).ToList(),
        PsychotherapyTried = PsychotherapyTried!.Value,
        Conditions = Conditions!.ToChecklist(),
        Medications = Medications!.Distinct().ToList(),
        BloodPressure = new BloodPressure(BloodPressure!.Systolic!.Value, BloodPressure.Diastolic!.Value),
        Phq9Answers = Phq9!.ToList(),
        Cssrs = Cssrs!.ToAnswers(),
        Transportation = Transportation!.Value,
    };
}

/// <summary>One antidepressant trial.</summary>
public sealed record AntidepressantTrialAnswer
{
    /// <summary>Drug name, 1-100 characters.</summary>
    /// <example>sertraline</example>
    public string? DrugName { get; init; }

    /// <summary>Drug class.</summary>
    /// <example>Ssri</example>
    public AntidepressantClass? DrugClass { get; init; }

    /// <summary>Whether the dose was adequate.</summary>
    /// <example>true</example>
    public bool? AdequateDose { get; init; }

    /// <summary>Weeks at that dose (0-520).</summary>
    /// <example>8</example>
    public int? DurationWeeks { get; init; }

    /// <summary>Whether it was taken as prescribed.</summary>
    /// <example>true</example>
    public bool? TakenAsPrescribed { get; init; }

    /// <summary>Improvement achieved, 0-100 percent (0 = none).</summary>
    /// <example>20</example>
    public int? ImprovementPercent { get; init; }
}

/// <summary>Blood pressure in mmHg.</summary>
public sealed record BloodPressureAnswer
{
    /// <summary>Systolic, 50-300.</summary>
    /// <example>128</example>
    public int? Systolic { get; init; }

    /// <summary>Diastolic, 20-200, below systolic.</summary>
    /// <example>82</example>
    public int? Diastolic { get; init; }
}

/// <summary>Rules for <see cref="ScreeningAnswers"/>.</summary>
public sealed class ScreeningAnswersValidator : AbstractValidator<ScreeningAnswers>
{
    /// <summary>Creates the validator.</summary>
    public ScreeningAnswersValidator()
    {
        // "Not in the future" depends on the site's time zone, so RecordScreening checks it once the site is known.
        RuleFor(a => a.ScreenedOn).NotNull();
        RuleFor(a => a.IntendedTreatment).NotNull();
        RuleFor(a => a.Indication).NotNull()
            .Must((a, indication) => ScreeningIndications.Fits(a.IntendedTreatment!.Value, indication!.Value))
            .When(a => a.IntendedTreatment is not null && a.Indication is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage(a => a.IntendedTreatment == Domain.Screening.IntendedTreatment.Esketamine
                ? "'indication' for esketamine must be TreatmentResistantDepression or MddWithAcuteSuicidalIdeationOrBehavior."
                : "'indication' for IV ketamine must be ClinicProtocol.");
        RuleFor(a => a.TakingOralAntidepressant).NotNull();
        RuleFor(a => a.Diagnosis).NotNull();
        RuleFor(a => a.EpisodeDurationWeeks).NotNull().InclusiveBetween(0, 5200);
        RuleFor(a => a.AntidepressantTrials).NotNull().Must(t => t!.Count <= 30).WithMessage("'{PropertyName}' may list at most 30 trials.");
        RuleForEach(a => a.AntidepressantTrials).NotNull().ChildRules(trial =>
        {
            trial.RuleFor(t => t.DrugName).NotEmpty().MaximumLength(100);
            trial.RuleFor(t => t.DrugClass).NotNull();
            trial.RuleFor(t => t.AdequateDose).NotNull();
            trial.RuleFor(t => t.DurationWeeks).NotNull().InclusiveBetween(0, 520);
            trial.RuleFor(t => t.TakenAsPrescribed).NotNull();
            trial.RuleFor(t => t.ImprovementPercent).NotNull().InclusiveBetween(0, 100);
        }).When(a => a.AntidepressantTrials is not null);
        RuleFor(a => a.PsychotherapyTried).NotNull();
        RuleFor(a => a.Conditions).NotNull().SetValidator(new ConditionAnswersValidator()!);
        RuleFor(a => a.Medications).NotNull();
        RuleFor(a => a.BloodPressure).NotNull();
        RuleFor(a => a.BloodPressure!).ChildRules(bp =>
        {
            bp.RuleFor(b => b.Systolic).NotNull().InclusiveBetween(50, 300);
            bp.RuleFor(b => b.Diastolic).NotNull().InclusiveBetween(20, 200)
                .LessThan(b => b.Systolic).When(b => b.Systolic is not null, ApplyConditionTo.CurrentValidator)
                .WithMessage("'{PropertyName}' must be between 20 and 200 and below systolic.");
        }).When(a => a.BloodPressure is not null);
        RuleFor(a => a.Phq9).NotNull()
            .Must(p => p!.Count == 9).WithMessage("'{PropertyName}' must have exactly nine answers.")
            .Must(p => p!.All(v => v is >= 0 and <= 3)).WithMessage("'{PropertyName}' answers must each be 0, 1, 2 or 3.")
            .When(a => a.Phq9 is not null, ApplyConditionTo.AllValidators);
        RuleFor(a => a.Phq9).NotNull();
        RuleFor(a => a.Cssrs).NotNull().SetValidator(new CssrsAnswersValidator()!);
        RuleFor(a => a.Transportation).NotNull();
        RuleFor(a => a.CorrectionReason).Must(r => r!.Trim().Length is >= 5 and <= IntakeScreening.MaxNoteLength)
            .When(a => a.CorrectionReason is not null)
            .WithMessage("'correctionReason' must be 5-1000 characters.");
    }
}
