using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class Phq9Tests
{
    [Theory]
    [InlineData(0, Phq9Severity.Minimal)]
    [InlineData(4, Phq9Severity.Minimal)]
    [InlineData(5, Phq9Severity.Mild)]
    [InlineData(9, Phq9Severity.Mild)]
    [InlineData(10, Phq9Severity.Moderate)]
    [InlineData(14, Phq9Severity.Moderate)]
    [InlineData(15, Phq9Severity.ModeratelySevere)]
    [InlineData(19, Phq9Severity.ModeratelySevere)]
    [InlineData(20, Phq9Severity.Severe)]
    [InlineData(27, Phq9Severity.Severe)]
    public void Total_falls_in_the_PHQ9_scale_severity_band(int total, Phq9Severity expected)
    {
        var score = Phq9.Score(AnswersSummingTo(total));

        Assert.Equal(total, score.Total);
        Assert.Equal(expected, score.Severity);
        Assert.Equal(expected, Phq9.SeverityOf(total));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Item9_above_zero_is_positive_per_PHQ9_scale(int item9, bool expected)
    {
        var score = Phq9.Score([0, 0, 0, 0, 0, 0, 0, 0, item9]);

        Assert.Equal(expected, score.Item9Positive);
        Assert.Equal(item9, score.Total);
    }

    [Fact]
    public void Only_item9_sets_the_PHQ9_scale_self_harm_flag()
    {
        var score = Phq9.Score([3, 3, 3, 3, 3, 3, 3, 3, 0]);

        Assert.Equal(new Phq9Score(24, Phq9Severity.Severe, false), score);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(10)]
    public void Wrong_answer_count_throws_per_PHQ9_scale_nine_items(int count)
    {
        var answers = Enumerable.Repeat(1, count).ToArray();

        var error = Assert.Throws<ArgumentException>(() => Phq9.Score(answers));
        Assert.Equal("answers", error.ParamName);
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(4, 4)]
    [InlineData(8, 99)]
    public void Answer_outside_0_to_3_throws_per_PHQ9_scale(int index, int value)
    {
        var answers = new int[9];
        answers[index] = value;

        var error = Assert.Throws<ArgumentException>(() => Phq9.Score(answers));
        Assert.Contains($"answer {index + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_answers_throw_per_PHQ9_scale() =>
        Assert.Throws<ArgumentNullException>(() => Phq9.Score(null!));

    [Theory]
    [InlineData(20, 10, true)]
    [InlineData(20, 11, false)]
    [InlineData(9, 4, true)]
    [InlineData(9, 5, false)]
    [InlineData(27, 0, true)]
    [InlineData(10, 12, false)]
    [InlineData(0, 0, false)]
    public void Response_is_a_50_percent_drop_from_baseline_per_PHQ9_outcome_tracking(int baseline, int current, bool expected) =>
        Assert.Equal(expected, Phq9.IsResponse(baseline, current));

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(27, false)]
    public void Remission_is_a_total_below_5_per_PHQ9_outcome_tracking(int current, bool expected) =>
        Assert.Equal(expected, Phq9.IsRemission(current));

    [Theory]
    [InlineData(-1)]
    [InlineData(28)]
    public void Totals_outside_0_to_27_throw_per_PHQ9_scale(int total)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Phq9.SeverityOf(total));
        Assert.Throws<ArgumentOutOfRangeException>(() => Phq9.IsRemission(total));
        Assert.Throws<ArgumentOutOfRangeException>(() => Phq9.IsResponse(total, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Phq9.IsResponse(10, total));
    }

    private static int[] AnswersSummingTo(int total)
    {
        var answers = new int[9];
        for (var i = 0; i < answers.Length && total > 0; i++)
        {
            answers[i] = Math.Min(3, total);
            total -= answers[i];
        }

        return answers;
    }
}
