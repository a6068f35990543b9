using System.Net.Http.Headers;
using ClinicOps.Api.Security;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicOps.Api.Tests.Harness;

/// <summary>The API in-process over HTTP, on its own real database (a SQLite file or a PostgreSQL database).</summary>
public sealed class ApiFactory(DatabaseProvider provider, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hmac-sha256";

    public DatabaseProvider Provider { get; } = provider;

    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 14, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    public AuthOptions AuthOptions { get; } = new() { SigningKey = SigningKey };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("RateLimiting:PermitsPerWindow", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client whose requests carry a token for the given role and sites.</summary>
    public HttpClient ClientFor(Role role, params Guid[] siteIds) => ClientFor($"user-{role}".ToLowerInvariant(), [role], siteIds);

    public HttpClient ClientFor(string subject, Role[] roles, Guid[] siteIds) => ClientWithToken(MintToken(subject, roles, siteIds));

    /// <summary>
    /// Tokens are minted on real time: the JWT handler checks lifetimes against the system clock,
    /// while the API's own clock (<see cref="Clock"/>) is the one the tests move.
    /// </summary>
    public string MintToken(string subject, Role[] roles, Guid[] siteIds, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null) =>
        DevelopmentTokens.Mint(AuthOptions, subject, roles, siteIds, lifetime ?? TimeSpan.FromHours(1), issuedAt ?? TimeProvider.System.GetUtcNow());

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
