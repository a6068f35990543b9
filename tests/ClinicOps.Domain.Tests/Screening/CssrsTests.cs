using ClinicOps.Domain.Screening;

namespace ClinicOps.Domain.Tests.Screening;

public sealed class CssrsTests
{
    [Theory]
    [InlineData(false, false, null, null, null, false, null, CssrsRisk.None)]
    [InlineData(true, false, null, null, null, false, null, CssrsRisk.Low)]
    [InlineData(false, true, false, false, false, false, null, CssrsRisk.Low)]
    [InlineData(true, true, false, false, false, false, null, CssrsRisk.Low)]
    [InlineData(true, true, true, false, false, false, null, CssrsRisk.Moderate)]
    [InlineData(true, false, null, null, null, true, false, CssrsRisk.Moderate)]
    [InlineData(true, true, true, true, false, false, null, CssrsRisk.High)]
    [InlineData(true, true, false, false, true, false, null, CssrsRisk.High)]
    [InlineData(false, false, null, null, null, true, true, CssrsRisk.High)]
    [InlineData(false, false, null, null, null, true, null, CssrsRisk.High)]
    [InlineData(true, true, true, false, false, true, false, CssrsRisk.Moderate)]
    public void Risk_follows_the_CSSRS_screener_scale_triage(
        bool wishToBeDead,
        bool suicidalThoughts,
        bool? withMethods,
        bool? withIntent,
        bool? withPlanAndIntent,
        bool behavior,
        bool? behaviorWithinThreeMonths,
        CssrsRisk expected)
    {
        var answers = new CssrsScreenerAnswers
        {
            WishToBeDead = wishToBeDead,
            NonSpecificActiveSuicidalThoughts = suicidalThoughts,
            ActiveIdeationWithMethods = withMethods,
            ActiveIdeationWithIntent = withIntent,
            ActiveIdeationWithPlanAndIntent = withPlanAndIntent,
            SuicidalBehavior = behavior,
            SuicidalBehaviorWithinPastThreeMonths = behaviorWithinThreeMonths,
        };

        Assert.Equal(expected, Cssrs.Assess(answers));
    }
}
