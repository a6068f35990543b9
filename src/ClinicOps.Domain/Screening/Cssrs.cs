namespace ClinicOps.Domain.Screening;

/// <summary>Risk triage of the C-SSRS screener.</summary>
public static class Cssrs
{
    /// <summary>
    /// High: yes to Q4, Q5, or Q6 within the past three months (or at an unknown time). Moderate: yes to Q3, or
    /// Q6 longer ago. Low: yes to Q1 or Q2 only. None: all no. Answers are taken as given, even when a
    /// follow-up question was answered although Q2 was no.
    /// </summary>
    /// <param name="answers">The screener answers.</param>
    public static CssrsRisk Assess(CssrsScreenerAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);

        var recentBehavior = answers.SuicidalBehavior && answers.SuicidalBehaviorWithinPastThreeMonths != false;
        if (answers.ActiveIdeationWithIntent == true || answers.ActiveIdeationWithPlanAndIntent == true || recentBehavior)
        {
            return CssrsRisk.High;
        }

        if (answers.ActiveIdeationWithMethods == true || answers.SuicidalBehavior)
        {
            return CssrsRisk.Moderate;
        }

        return answers.WishToBeDead || answers.NonSpecificActiveSuicidalThoughts ? CssrsRisk.Low : CssrsRisk.None;
    }
}
