using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using Npgsql;

namespace ClinicOps.Api.Tests.Deploy;

/// <summary>
/// SIGTERM, as Kubernetes and Docker stop a container: the instance stops accepting connections, finishes the request
/// in flight (its write is stored and answered), and exits 0; a request that cannot finish is abandoned at the shutdown
/// timeout (Hosting:ShutdownTimeoutSeconds), storing nothing, so the process still exits within the grace period.
/// The request is held in flight inside the database: the test locks the table the request writes to, and sees the
/// request's own session wait for that lock before it sends the signal.
/// </summary>
public sealed class GracefulShutdownTests(PostgresServer server)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task On_sigterm_an_instance_refuses_new_connections_finishes_the_request_in_flight_and_exits_zero()
    {
        var connectionString = await server.CreateDatabaseAsync("deploy_sigterm");
        await using var api = ApiProcess.Start(ApiProcess.PostgresEnvironment(connectionString));
        await api.WaitUntilReadyAsync();
        Assert.Equal(0, await HealthcheckCommandAsync(api)); // the container image's HEALTHCHECK
        await using var tableLock = await LockSitesAgainstWritesAsync(connectionString);
        using var client = AdminClient(api);
        var inFlight = client.PostAsJsonAsync("/api/v1/sites", new { code = "GRACEFUL-1", name = "Graceful clinic", timeZoneId = "America/Chicago" });
        await WaitUntilASessionWaitsForTheLockAsync(tableLock.Connection, api);

        api.Terminate();
        await WaitUntilConnectionsAreRefusedAsync(api);
        Assert.False(api.HasExited, "The instance exited before its request in flight finished.");
        await tableLock.Transaction.CommitAsync(TestContext.Current.CancellationToken);

        var response = await inFlight;
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}\n{await response.Content.ReadAsStringAsync()}\n{api.Output}");
        Assert.Equal(0, await api.WaitForExitAsync(Bound));
        Assert.Contains("Application is shutting down", api.Output, StringComparison.Ordinal);
        Assert.Equal(1L, await CountSitesAsync(tableLock.Connection, "GRACEFUL-1"));
        Assert.Equal(1, await HealthcheckCommandAsync(api));
    }

    /// <summary>`dotnet ClinicOps.Api.dll healthcheck` with the instance's listen address, as the container sets it.</summary>
    private static async Task<int> HealthcheckCommandAsync(ApiProcess api)
    {
        var (exitCode, output) = await Contract.Tools.RunAsync(
            "dotnet", ["ClinicOps.Api.dll", "healthcheck"], ApiProcess.ApiDirectory, Bound,
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = api.BaseAddress.ToString().TrimEnd('/') });
        Assert.Contains($"127.0.0.1:{api.Port}/health/live", output, StringComparison.Ordinal);
        return exitCode;
    }

    [Fact]
    public async Task A_request_that_cannot_finish_does_not_keep_a_stopping_instance_past_its_shutdown_timeout_and_stores_nothing()
    {
        var connectionString = await server.CreateDatabaseAsync("deploy_sigterm_stuck");
        var environment = ApiProcess.PostgresEnvironment(connectionString);
        environment["Hosting__ShutdownTimeoutSeconds"] = "2";
        await using var api = ApiProcess.Start(environment);
        await api.WaitUntilReadyAsync();
        await using var tableLock = await LockSitesAgainstWritesAsync(connectionString);
        using var client = AdminClient(api);
        var stuck = client.PostAsJsonAsync("/api/v1/sites", new { code = "STUCK", name = "Never finished", timeZoneId = "UTC" });
        await WaitUntilASessionWaitsForTheLockAsync(tableLock.Connection, api);

        api.Terminate();

        Assert.Equal(0, await api.WaitForExitAsync(Bound));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => stuck);
        await tableLock.Transaction.CommitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0L, await CountSitesAsync(tableLock.Connection, "STUCK"));
    }

    private static HttpClient AdminClient(ApiProcess api)
    {
        var token = DevelopmentTokens.Mint(
            new AuthOptions { SigningKey = ApiProcess.SigningKey }, "admin-graceful", [Role.ClinicAdmin], [Guid.NewGuid()],
            TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow());
        var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = Bound };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An open transaction holding EXCLUSIVE on "Sites": reads go on, every insert waits.</summary>
    private static async Task<TableLock> LockSitesAgainstWritesAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("LOCK TABLE \"Sites\" IN EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new TableLock(connection, transaction);
    }

    private static async Task WaitUntilASessionWaitsForTheLockAsync(NpgsqlConnection connection, ApiProcess api)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (true)
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
                connection);
            if ((long)(await waiting.ExecuteScalarAsync(deadline.Token))! > 0)
            {
                return;
            }

            Assert.False(api.HasExited, api.Output);
            await Task.Delay(20, deadline.Token);
        }
    }

    private static async Task WaitUntilConnectionsAreRefusedAsync(ApiProcess api)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (true)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", api.Port, deadline.Token);
            }
            catch (SocketException)
            {
                return;
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    private static async Task<long> CountSitesAsync(NpgsqlConnection connection, string code)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"Sites\" WHERE \"Code\" = @code", connection);
        count.Parameters.AddWithValue("code", code);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private sealed record TableLock(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            NpgsqlConnection.ClearPool(Connection);
            await Connection.DisposeAsync();
        }
    }
}
