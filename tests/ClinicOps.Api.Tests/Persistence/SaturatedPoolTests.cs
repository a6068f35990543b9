using System.Net;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure;
using Npgsql;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>The API on a PostgreSQL pool of two connections, so that a test can take them all.</summary>
public sealed class TwoConnectionPostgresApiFixture(PostgresServer server) : PostgresApiFixture(server)
{
    public const int PoolSize = 2;

    protected override async Task<string> CreateDatabaseAsync() =>
        new NpgsqlConnectionStringBuilder(await base.CreateDatabaseAsync()) { MaxPoolSize = PoolSize }.ConnectionString;
}

/// <summary>
/// A request that waits for a pooled connection and whose client goes away meanwhile must leave nothing broken behind
/// (docs/decisions/0016-pooled-db-context.md): its pooled DbContext goes back clean, and the requests after it succeed.
/// </summary>
public sealed class SaturatedPoolTests(TwoConnectionPostgresApiFixture fixture) : IClassFixture<TwoConnectionPostgresApiFixture>
{
    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task Clients_that_give_up_while_waiting_for_a_connection_leave_the_next_requests_working()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site));

        // Take every connection of the API's pool (the same connection string is the same pool), so that the next
        // requests wait inside Npgsql for one; then let their clients give up while they wait.
        var held = new List<NpgsqlConnection>();
        for (var i = 0; i < TwoConnectionPostgresApiFixture.PoolSize; i++)
        {
            var connection = new NpgsqlConnection(DependencyInjection.WithPostgresDefaults(fixture.ConnectionString));
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            held.Add(connection);
        }

        var abandoned = Enumerable.Range(0, 4).Select(async _ =>
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => desk.GetAsync($"/api/v1/patients/{patient}", giveUp.Token));
        });
        await Task.WhenAll(abandoned);
        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }

        for (var i = 0; i < 20; i++)
        {
            using var response = await desk.GetAsync($"/api/v1/patients/{patient}", TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Request {i} after the abandoned ones: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.DoesNotContain(Api.Logs.Lines, line => line.Contains("state Connecting", StringComparison.Ordinal) || line.Contains("ObjectDisposedException", StringComparison.Ordinal));
    }
}
