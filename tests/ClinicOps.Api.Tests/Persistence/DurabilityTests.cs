using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;

namespace ClinicOps.Api.Tests.Persistence;

public sealed class DurabilityTestsOnSqlite(SqliteApiFixture fixture) : DurabilityTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class DurabilityTestsOnPostgres(PostgresApiFixture fixture) : DurabilityTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>
/// No acknowledged write is lost when the process dies (docs/decisions/0011-durability.md). The API runs as a real
/// process on the fixture's database, in Production, and takes registrations from concurrent clients; once enough are
/// acknowledged it is killed with SIGKILL while requests are in flight. A new process on the same database must then
/// serve every acknowledged patient, and replay every acknowledged Idempotency-Key instead of running it again.
/// Bounded by counts and deadlines, never by sleeping a fixed time.
/// </summary>
public abstract class DurabilityTests(ApiFixture fixture)
{
    private const int Writers = 16;
    private const int AcknowledgedBeforeKill = 150;
    private const string Patients = "/api/v1/patients";

    [Fact]
    public async Task Every_acknowledged_registration_survives_a_kill_under_load_and_its_key_still_replays()
    {
        var site = await fixture.Api.CreateSiteAsync();
        var token = DevelopmentTokens.Mint(
            fixture.Api.AuthOptions, "desk-durability", [Role.FrontDesk], [site], TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow());
        var acknowledged = new ConcurrentDictionary<string, (string Location, string Body)>();
        var runId = Guid.NewGuid().ToString("N")[..8];

        await using (var first = await ApiProcess.StartAsync(fixture.Provider, fixture.ConnectionString))
        {
            using var client = first.Client(token);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var key = $"{runId}-{writer}-{n}";
                    try
                    {
                        using var response = await PostAsync(client, site, key, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[key] = (response.Headers.Location!.ToString(), await response.Content.ReadAsStringAsync(stop.Token));
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        return; // the process is gone (or the deadline passed): this writer's last request was in flight
                    }
                }
            })).ToList();

            while (acknowledged.Count < AcknowledgedBeforeKill && !stop.IsCancellationRequested && writers.Any(w => !w.IsCompleted))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"Only {acknowledged.Count} registrations were acknowledged before the deadline.\n{first.Output}");
            first.Kill();
            await Task.WhenAll(writers);
        }

        await using var second = await ApiProcess.StartAsync(fixture.Provider, fixture.ConnectionString);
        using var reader = second.Client(token);
        foreach (var (key, (location, body)) in acknowledged)
        {
            using var read = await reader.GetAsync(location, TestContext.Current.CancellationToken);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"Acknowledged {location} is gone after the kill: {read.StatusCode}");
        }

        // A client that never saw its answer retries with the same key and body: it gets the stored 201, not a new patient.
        foreach (var (key, (location, body)) in acknowledged.Take(20))
        {
            using var retry = await PostAsync(reader, site, key, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.Equal(location, retry.Headers.Location!.ToString());
            Assert.Equal(body, await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid site, string key, CancellationToken cancellationToken)
    {
        // The family name is derived from the key, so a retry sends the very same bytes.
        var body = Http.ValidPatient(site, familyName: $"Durable{key.Replace("-", string.Empty, StringComparison.Ordinal)}").ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, Patients) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, cancellationToken);
    }
}
