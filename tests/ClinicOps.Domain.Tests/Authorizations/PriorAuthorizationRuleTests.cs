using ClinicOps.Domain.Authorizations;

namespace ClinicOps.Domain.Tests.Authorizations;

public sealed class PriorAuthorizationRuleTests
{
    private static readonly Guid First = Guid.NewGuid();
    private static readonly Guid Renewal = Guid.NewGuid();

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static AuthorizationWindow Eight => new(First, 8, D(11, 23), D(12, 31));

    public static TheoryData<AuthorizationWindow, DateOnly[], DateOnly, AuthorizationFinding?> OneSession => new()
    {
        { Eight, [], D(11, 23), null },
        { Eight, [], D(12, 31), null },
        { Eight, [], D(11, 22), AuthorizationFinding.OutsideDates },
        { Eight, [], new DateOnly(2027, 1, 1), AuthorizationFinding.OutsideDates },
        { Eight, [D(11, 23), D(11, 26), D(11, 30), D(12, 3), D(12, 7), D(12, 10), D(12, 14)], D(12, 17), null },
        { Eight, [D(11, 23), D(11, 26), D(11, 30), D(12, 3), D(12, 7), D(12, 10), D(12, 14), D(12, 17)], D(12, 21), AuthorizationFinding.ExceedsCount },
        { new AuthorizationWindow(First, 2, null, null), [D(11, 23), D(11, 26)], new DateOnly(2027, 6, 1), AuthorizationFinding.ExceedsCount },
        { new AuthorizationWindow(First, null, D(11, 23), D(11, 30)), [D(11, 23), D(11, 24), D(11, 25), D(11, 26)], D(11, 30), null },
    };

    [Theory]
    [MemberData(nameof(OneSession))]
    public void A_session_outside_the_PA_dates_or_beyond_its_count_is_not_covered_per_issue_15_and_payer_PA_terms(
        AuthorizationWindow window, DateOnly[] booked, DateOnly session, AuthorizationFinding? finding)
    {
        var gaps = PriorAuthorizationRules.Check(true, [window], booked, [session]);

        Assert.Equal(finding, gaps.SingleOrDefault()?.Finding);
    }

    [Fact]
    public void A_renewal_covers_sessions_after_the_first_PA_runs_out_per_payer_PA_terms()
    {
        var windows = new[] { new AuthorizationWindow(First, 2, D(11, 23), D(11, 30)), new AuthorizationWindow(Renewal, 4, D(11, 30), D(12, 31)) };

        Assert.Empty(PriorAuthorizationRules.Check(true, windows, [D(11, 23), D(11, 26)], [D(11, 30), D(12, 3)]));
    }

    [Fact]
    public void A_course_without_any_PA_is_not_checked_and_one_with_only_unapproved_PAs_is_refused_per_issue_15()
    {
        Assert.Empty(PriorAuthorizationRules.Check(false, [], [], [D(11, 23)]));
        Assert.Equal(AuthorizationFinding.NoApprovedAuthorization, Assert.Single(PriorAuthorizationRules.Check(true, [], [], [D(11, 23)])).Finding);
    }

    [Fact]
    public void Every_new_session_beyond_the_count_is_named_per_issue_15()
    {
        var gaps = PriorAuthorizationRules.Check(true, [new AuthorizationWindow(First, 1, D(11, 23), D(11, 30))], [], [D(11, 23), D(11, 26), D(12, 3)]);

        Assert.Equal([(D(11, 26), AuthorizationFinding.ExceedsCount), (D(12, 3), AuthorizationFinding.OutsideDates)], gaps.Select(g => (g.Date, g.Finding)));
    }

    [Theory]
    [InlineData("2026-12-16", 5, new AuthorizationReminder[] { })]
    [InlineData("2026-12-17", 5, new[] { AuthorizationReminder.ExpiresWithin14Days })]
    [InlineData("2026-12-31", 5, new[] { AuthorizationReminder.ExpiresWithin14Days })]
    [InlineData("2027-01-01", 5, new AuthorizationReminder[] { })]
    [InlineData("2026-12-01", 3, new AuthorizationReminder[] { })]
    [InlineData("2026-12-01", 2, new[] { AuthorizationReminder.FewSessionsLeft })]
    [InlineData("2026-12-20", 0, new[] { AuthorizationReminder.ExpiresWithin14Days, AuthorizationReminder.FewSessionsLeft })]
    public void Reminders_fire_14_days_before_expiry_and_at_2_sessions_left_per_issue_15(string today, int sessionsLeft, AuthorizationReminder[] expected)
    {
        Assert.Equal(expected, PriorAuthorizationRules.Reminders(Eight, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), sessionsLeft));
    }

    [Fact]
    public void Sessions_left_count_the_course_sessions_within_the_PA_dates_per_issue_15()
    {
        Assert.Equal(6, PriorAuthorizationRules.SessionsLeft(Eight, [D(11, 20), D(11, 23), D(11, 26)]));
        Assert.Null(PriorAuthorizationRules.SessionsLeft(new AuthorizationWindow(First, null, D(11, 23), D(11, 30)), [D(11, 23)]));
    }
}
