using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;

namespace ClinicOps.Api.Tests.Security;

public sealed class HeadersAndCorsTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    [Fact]
    public async Task Api_responses_carry_security_headers_and_are_never_cached()
    {
        using var client = fixture.Api.ClientFor(Role.Integrator);

        var response = await client.GetAsync("/api/v1/sites");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Cors_is_closed_unless_origins_are_configured()
    {
        using var client = fixture.Api.CreateClient();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/patients");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");

        var response = await client.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
