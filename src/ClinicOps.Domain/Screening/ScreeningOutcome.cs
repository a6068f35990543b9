namespace ClinicOps.Domain.Screening;

/// <summary>Overall result of an intake screening.</summary>
public enum ScreeningOutcome
{
    /// <summary>Every rule passed and nothing is urgent.</summary>
    Eligible,

    /// <summary>At least one rule needs a clinician's judgement, or the screening is urgent.</summary>
    NeedsClinicianReview,

    /// <summary>At least one rule failed with an exclusion or a hard stop.</summary>
    Ineligible,
}
