namespace ClinicOps.Domain.Screening;

/// <summary>
/// Answers to the Columbia Suicide Severity Rating Scale (C-SSRS) screener, six yes/no questions.
/// Questions 3-5 are asked only when question 2 is answered yes; null means "not asked".
/// </summary>
public sealed record CssrsScreenerAnswers
{
    /// <summary>Q1: wished to be dead or to go to sleep and not wake up (past month).</summary>
    public bool WishToBeDead { get; init; }

    /// <summary>Q2: had any actual thoughts of killing oneself (past month).</summary>
    public bool NonSpecificActiveSuicidalThoughts { get; init; }

    /// <summary>Q3: thought about how one might do this; null when not asked.</summary>
    public bool? ActiveIdeationWithMethods { get; init; }

    /// <summary>Q4: had these thoughts with some intention of acting on them; null when not asked.</summary>
    public bool? ActiveIdeationWithIntent { get; init; }

    /// <summary>Q5: started to work out or worked out the details and intends to carry out the plan; null when not asked.</summary>
    public bool? ActiveIdeationWithPlanAndIntent { get; init; }

    /// <summary>Q6: ever done, started or prepared to do anything to end one's life.</summary>
    public bool SuicidalBehavior { get; init; }

    /// <summary>
    /// Follow-up to Q6: whether that behaviour was within the past three months; null when Q6 is no or the
    /// timing is unknown (unknown timing is treated as recent).
    /// </summary>
    public bool? SuicidalBehaviorWithinPastThreeMonths { get; init; }
}
