using System.Net;
using System.Text;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;

namespace ClinicOps.Api.Tests.Security;

public sealed class TokenValidationTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private ApiFactory Api => fixture.Api;

    public static TheoryData<string> BadTokens => new() { "expired", "unsigned", "wrong key", "wrong audience", "wrong issuer", "garbage" };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_gets_401_problem(string kind)
    {
        var site = await Api.CreateSiteAsync();
        var roles = new[] { Role.ClinicAdmin };
        var token = kind switch
        {
            "expired" => Api.MintToken("u", roles, [site], TimeSpan.FromMinutes(10), TimeProvider.System.GetUtcNow().AddHours(-2)),
            "unsigned" => Unsigned(Api.MintToken("u", roles, [site])),
            "wrong key" => DevelopmentTokens.Mint(
                new AuthOptions { SigningKey = "another-key-that-is-also-long-enough-for-hmac" }, "u", roles, [site], TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow()),
            "wrong audience" => DevelopmentTokens.Mint(
                new AuthOptions { SigningKey = ApiFactory.SigningKey, Audience = "someone-else" }, "u", roles, [site], TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow()),
            "wrong issuer" => DevelopmentTokens.Mint(
                new AuthOptions { SigningKey = ApiFactory.SigningKey, Issuer = "evil" }, "u", roles, [site], TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow()),
            _ => "not-a-jwt",
        };
        using var client = Api.ClientWithToken(token);

        var response = await client.GetAsync("/api/v1/sites");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_valid_token_is_accepted()
    {
        var site = await Api.CreateSiteAsync();
        using var client = Api.ClientFor(Role.Integrator, site);

        var response = await client.GetAsync("/api/v1/sites");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Same claims, header rewritten to alg "none" and the signature removed.</summary>
    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{parts[1]}.";
    }
}
