using System.Net;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;

namespace ClinicOps.Api.Tests.Security;

/// <summary>The API after a rotation of the local signing key: the previous key is listed in Auth:PreviousSigningKeys.</summary>
public sealed class RotatedSigningKeyApiFixture : SqliteApiFixture
{
    public const string PreviousKey = "the-previous-signing-key-still-valid-for-old-tokens";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:PreviousSigningKeys:0"] = PreviousKey,
    };
}

/// <summary>
/// Rotating the signing key (README, "Rotating keys and secrets"): tokens signed with the new key and with the previous
/// one are accepted, so nobody is logged out, while a key that was never configured still gets 401.
/// </summary>
public sealed class SigningKeyRotationTests(RotatedSigningKeyApiFixture fixture) : IClassFixture<RotatedSigningKeyApiFixture>
{
    [Theory]
    [InlineData(ApiFactory.SigningKey, HttpStatusCode.OK)]
    [InlineData(RotatedSigningKeyApiFixture.PreviousKey, HttpStatusCode.OK)]
    [InlineData("a-key-this-deployment-never-configured-anywhere", HttpStatusCode.Unauthorized)]
    public async Task Tokens_signed_with_the_current_or_a_previous_key_are_accepted_and_no_other(string key, HttpStatusCode expected)
    {
        var site = await fixture.Api.CreateSiteAsync();
        var token = DevelopmentTokens.Mint(
            new AuthOptions { SigningKey = key }, "rotation-user", [Role.Integrator], [site], TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow());
        using var client = fixture.Api.ClientWithToken(token);

        var response = await client.GetAsync($"/api/v1/sites/{site}", TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }
}
