using System.Net;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;

namespace ClinicOps.Api.Tests.Security;

public sealed class TightRateLimitFixture : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["RateLimiting:PermitsPerWindow"] = "3",
        ["RateLimiting:WindowSeconds"] = "3600",
    };
}

public sealed class RateLimitingTests(TightRateLimitFixture fixture) : IClassFixture<TightRateLimitFixture>
{
    [Fact]
    public async Task A_client_over_its_limit_gets_429_problem_with_retry_after_while_others_continue()
    {
        var api = fixture.Api;
        using var greedy = api.ClientFor("greedy", [Role.Integrator], []);
        using var polite = api.ClientFor("polite", [Role.Integrator], []);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await greedy.GetAsync("/api/v1/sites")).StatusCode);
        }

        var rejected = await greedy.GetAsync("/api/v1/sites");
        await rejected.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(rejected.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await polite.GetAsync("/api/v1/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/health/live")).StatusCode);
    }
}
