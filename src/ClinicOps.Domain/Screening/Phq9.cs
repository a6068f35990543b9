namespace ClinicOps.Domain.Screening;

/// <summary>Scoring of the Patient Health Questionnaire (PHQ-9) and its outcome definitions.</summary>
public static class Phq9
{
    /// <summary>Number of items in the questionnaire.</summary>
    public const int ItemCount = 9;

    /// <summary>Highest answer to one item ("nearly every day").</summary>
    public const int MaximumItemScore = 3;

    /// <summary>Highest possible total.</summary>
    public const int MaximumTotal = ItemCount * MaximumItemScore;

    /// <summary>Totals below this count as remission.</summary>
    public const int RemissionBelow = 5;

    /// <summary>Scores nine answers (each 0-3) into a total, a severity band and the item 9 flag.</summary>
    /// <param name="answers">The nine answers in questionnaire order.</param>
    /// <exception cref="ArgumentException">Not exactly nine answers, or an answer outside 0-3.</exception>
    public static Phq9Score Score(IReadOnlyList<int> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count != ItemCount)
        {
            throw new ArgumentException($"PHQ-9 needs exactly {ItemCount} answers; got {answers.Count}.", nameof(answers));
        }

        var total = 0;
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i] is < 0 or > MaximumItemScore)
            {
                throw new ArgumentException(
                    $"PHQ-9 answer {i + 1} must be between 0 and {MaximumItemScore}; got {answers[i]}.", nameof(answers));
            }

            total += answers[i];
        }

        return new Phq9Score(total, SeverityOf(total), answers[ItemCount - 1] > 0);
    }

    /// <summary>Severity band of a total: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is outside 0-27.</exception>
    public static Phq9Severity SeverityOf(int total)
    {
        EnsureTotal(total, nameof(total));
        return total switch
        {
            < 5 => Phq9Severity.Minimal,
            < 10 => Phq9Severity.Mild,
            < 15 => Phq9Severity.Moderate,
            < 20 => Phq9Severity.ModeratelySevere,
            _ => Phq9Severity.Severe,
        };
    }

    /// <summary>Response: the total fell by at least 50% from a baseline above 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A total is outside 0-27.</exception>
    public static bool IsResponse(int baseline, int current)
    {
        EnsureTotal(baseline, nameof(baseline));
        EnsureTotal(current, nameof(current));
        return baseline > 0 && (baseline - current) * 2 >= baseline;
    }

    /// <summary>Remission: the total is below 5.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="current"/> is outside 0-27.</exception>
    public static bool IsRemission(int current)
    {
        EnsureTotal(current, nameof(current));
        return current < RemissionBelow;
    }

    private static void EnsureTotal(int total, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total, paramName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(total, MaximumTotal, paramName);
    }
}
