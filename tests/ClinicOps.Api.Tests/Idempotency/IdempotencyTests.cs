using System.Net;
using System.Security.Cryptography;
using System.Text;
using ClinicOps.Api.Idempotency;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Idempotency;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Idempotency;

public sealed class IdempotencyTestsOnSqlite(SqliteApiFixture fixture) : IdempotencyTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class IdempotencyTestsOnPostgres(PostgresApiFixture fixture) : IdempotencyTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>The <c>Idempotency-Key</c> mechanism over HTTP (docs/decisions/0008-idempotency-keys.md).</summary>
public abstract class IdempotencyTests(ApiFixture fixture)
{
    private const string Patients = "/api/v1/patients";

    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task A_retried_registration_replays_the_201_with_its_body_and_location_and_creates_one_patient()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-retry", [Role.FrontDesk], [site]);
        using var admin = Api.ClientFor("admin-retry", [Role.ClinicAdmin], [site]);
        var body = ValidPatient(site, familyName: "Retry").ToJsonString();

        var first = await desk.PostWithKeyAsync(Patients, body, "key-1");
        var retry = await desk.PostWithKeyAsync(Patients, body, "key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(first.Headers.Contains(IdempotencyKeys.ReplayedHeader));
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(IdempotencyKeys.ReplayedHeader)));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        var patient = (await first.ReadObjectAsync())["id"]!.GetValue<Guid>();
        Assert.Equal(1, await CountPatientsAsync(desk, site, "Retry"));
        var creates = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&action=Create")).ReadObjectAsync();
        Assert.Equal(1, creates["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_key_with_another_body_or_on_another_operation_gets_422_and_creates_nothing()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-reuse", [Role.FrontDesk], [site]);
        using var admin = Api.ClientFor("desk-reuse", [Role.ClinicAdmin], [site]);
        await desk.PostWithKeyAsync(Patients, ValidPatient(site, familyName: "Original").ToJsonString(), "key-reused");

        var otherBody = await desk.PostWithKeyAsync(Patients, ValidPatient(site, familyName: "Other").ToJsonString(), "key-reused");
        var otherOperation = await admin.PostWithKeyAsync("/api/v1/sites", """{"code":"REUSE","name":"Reuse","timeZoneId":"America/Chicago"}""", "key-reused");

        var problem = await otherBody.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(IdempotencyKeys.KeyReusedCode, problem["code"]!.GetValue<string>());
        Assert.Equal(IdempotencyKeys.KeyReusedCode, (await otherOperation.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal(0, await CountPatientsAsync(desk, site, "Other"));
        Assert.Equal(1, await CountPatientsAsync(desk, site, "Original"));
    }

    [Fact]
    public async Task Another_caller_with_the_same_key_is_an_independent_request()
    {
        var site = await Api.CreateSiteAsync();
        using var alice = Api.ClientFor("desk-alice", [Role.FrontDesk], [site]);
        using var bob = Api.ClientFor("desk-bob", [Role.FrontDesk], [site]);
        var body = ValidPatient(site, familyName: "Shared").ToJsonString();

        var fromAlice = await alice.PostWithKeyAsync(Patients, body, "shared-key");
        var fromBob = await bob.PostWithKeyAsync(Patients, body, "shared-key");

        Assert.Equal(HttpStatusCode.Created, fromAlice.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromBob.StatusCode);
        Assert.False(fromBob.Headers.Contains(IdempotencyKeys.ReplayedHeader));
        Assert.NotEqual(fromAlice.Headers.Location, fromBob.Headers.Location);
        Assert.Equal(2, await CountPatientsAsync(alice, site, "Shared"));
    }

    [Fact]
    public async Task Twenty_parallel_duplicates_create_one_patient_and_each_gets_the_201_or_409_in_flight()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-parallel", [Role.FrontDesk], [site]);
        var body = ValidPatient(site, familyName: "Parallel").ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => desk.PostWithKeyAsync(Patients, body, "parallel-key"))));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single((await Task.WhenAll(created.Select(r => r.Content.ReadAsStringAsync()))).Distinct());
        foreach (var conflict in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(IdempotencyKeys.InFlightCode, problem["code"]!.GetValue<string>());
        }

        Assert.Equal(1, await CountPatientsAsync(desk, site, "Parallel"));
        var retry = await desk.PostWithKeyAsync(Patients, body, "parallel-key");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await created[0].Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refused_request_is_replayed_with_its_4xx_and_a_failure_releases_nothing_new()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-invalid", [Role.FrontDesk], [site]);
        var invalid = ValidPatient(site, familyName: "Invalid");
        invalid["givenName"] = "";

        var first = await desk.PostWithKeyAsync(Patients, invalid.ToJsonString(), "invalid-key");
        var retry = await desk.PostWithKeyAsync(Patients, invalid.ToJsonString(), "invalid-key");

        Assert.Contains("givenName", await first.ShouldBeValidationProblemAsync());
        Assert.Contains("givenName", await retry.ShouldBeValidationProblemAsync());
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(IdempotencyKeys.ReplayedHeader)));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountPatientsAsync(desk, site, "Invalid"));
    }

    [Fact]
    public async Task A_not_found_is_replayed_and_other_endpoints_take_keys_too()
    {
        using var clinician = Api.ClientFor("clinician-404", [Role.Clinician], [await Api.CreateSiteAsync()]);
        var path = $"/api/v1/screenings/{Guid.NewGuid()}/acknowledgement";

        var first = await clinician.PostWithKeyAsync(path, """{"note":"Seen by the clinician"}""", "ack-key");
        var retry = await clinician.PostWithKeyAsync(path, """{"note":"Seen by the clinician"}""", "ack-key");

        await first.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await retry.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.True(retry.Headers.Contains(IdempotencyKeys.ReplayedHeader));
    }

    [Fact]
    public async Task After_24_hours_a_key_is_forgotten_and_the_same_request_runs_again_as_a_new_one()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-expiry", [Role.FrontDesk], [site]);
        var body = ValidPatient(site, familyName: "Expiry").ToJsonString();
        var first = await desk.PostWithKeyAsync(Patients, body, "expiring-key");
        Api.Clock.Advance(TimeSpan.FromHours(23));
        var withinRetention = await desk.PostWithKeyAsync(Patients, body, "expiring-key");

        Api.Clock.Advance(TimeSpan.FromHours(2));
        var afterExpiry = await desk.PostWithKeyAsync(Patients, body, "expiring-key");

        Assert.True(withinRetention.Headers.Contains(IdempotencyKeys.ReplayedHeader));
        Assert.Equal(HttpStatusCode.Created, afterExpiry.StatusCode);
        Assert.False(afterExpiry.Headers.Contains(IdempotencyKeys.ReplayedHeader));
        Assert.NotEqual(first.Headers.Location, afterExpiry.Headers.Location);
        Assert.Equal(2, await CountPatientsAsync(desk, site, "Expiry"));
    }

    [Fact]
    public async Task Expired_keys_are_purged_by_later_requests()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-purge", [Role.FrontDesk], [site]);
        await desk.PostWithKeyAsync(Patients, ValidPatient(site, familyName: "Purge").ToJsonString(), "purged-key");
        Assert.Equal(1, await CountRecordsAsync("desk-purge", "purged-key"));

        Api.Clock.Advance(IdempotencyStore.Retention + IdempotencyHousekeeping.PurgeInterval + TimeSpan.FromMinutes(1));
        await desk.PostWithKeyAsync(Patients, ValidPatient(site, familyName: "Purge2").ToJsonString(), "another-key");

        Assert.Equal(0, await CountRecordsAsync("desk-purge", "purged-key"));
    }

    [Fact]
    public async Task A_claim_abandoned_by_a_crashed_instance_answers_409_until_the_lock_timeout_then_is_taken_over()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-crash", [Role.FrontDesk], [site]);
        var body = ValidPatient(site, familyName: "Crash").ToJsonString();
        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            db.Set<IdempotencyRecord>().Add(new IdempotencyRecord
            {
                Subject = "desk-crash",
                Key = "crash-key",
                Operation = $"POST {Patients}/",
                RequestHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Patients}\n{body}"))),
                State = IdempotencyState.InFlight,
                ClaimedAt = Api.Clock.GetUtcNow(),
                ExpiresAt = Api.Clock.GetUtcNow() + IdempotencyStore.Retention,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var whileLocked = await desk.PostWithKeyAsync(Patients, body, "crash-key");
        Api.Clock.Advance(IdempotencyStore.LockTimeout + TimeSpan.FromSeconds(1));
        var afterTimeout = await desk.PostWithKeyAsync(Patients, body, "crash-key");

        Assert.Equal(IdempotencyKeys.InFlightCode, (await whileLocked.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, afterTimeout.StatusCode);
        Assert.Equal(1, await CountPatientsAsync(desk, site, "Crash"));
    }

    [Theory]
    [InlineData("blank (a server hands an empty header on as empty)", "   ")]
    [InlineData("256 characters", "k")]
    [InlineData("non-ASCII", "clé-1")]
    [InlineData("control character", "key\u0001")]
    public async Task A_malformed_key_gets_400_naming_the_header_and_creates_nothing(string because, string key)
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-badkey", [Role.FrontDesk], [site]);
        var familyName = $"BadKey{because.Length}";

        var response = await desk.PostWithKeyAsync(Patients, ValidPatient(site, familyName: familyName).ToJsonString(), key == "k" ? new string('k', 256) : key);

        Assert.True((await response.ShouldBeValidationProblemAsync()).Contains(IdempotencyKeys.Header), because);
        Assert.Equal(0, await CountPatientsAsync(desk, site, familyName));
    }

    [Fact]
    public async Task A_post_without_a_key_behaves_as_before()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-nokey", [Role.FrontDesk], [site]);
        var body = ValidPatient(site, familyName: "NoKey").ToJsonString();

        var first = await desk.PostAsync(Patients, Json(body));
        var second = await desk.PostAsync(Patients, Json(body));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, await CountPatientsAsync(desk, site, "NoKey"));
        Assert.Equal(0, await CountRecordsAsync("desk-nokey", key: null));
    }

    /// <summary>The guard: every POST of the API goes through the mechanism, so a new one cannot forget it.</summary>
    [Fact]
    public async Task Every_post_endpoint_of_the_api_takes_an_idempotency_key()
    {
        var posts = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .ToList();
        Assert.NotEmpty(posts);
        Assert.All(posts, post => Assert.True(IdempotencyKeys.AppliesTo(post), $"{post.DisplayName} escapes Idempotency-Key"));

        var site = await Api.CreateSiteAsync();
        using var everyone = Api.ClientFor("everyone", Enum.GetValues<Role>(), [site]);
        var operations = Api.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items).Where(o => o.HttpMethod == "POST").ToList();
        Assert.Equal(posts.Count, operations.Count);
        foreach (var operation in operations)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(operation.RelativePath!, @"\{[A-Za-z]+(:[a-z]+)?\}", Guid.NewGuid().ToString());
            var response = await everyone.PostWithKeyAsync(path, "{}", new string('x', 256));
            Assert.True(
                (await response.ShouldBeValidationProblemAsync()).Contains(IdempotencyKeys.Header),
                $"POST {path} ignored a malformed Idempotency-Key");
        }
    }

    [Fact]
    public void A_post_outside_the_api_stops_the_api_from_starting()
    {
        var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder().Build();
        app.UseIdempotencyKeys();
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/api/v1/covered", () => "ok");
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/v2/escaped", () => "ok");

        var error = Assert.Throws<InvalidOperationException>(() => IdempotencyKeys.EnsureEveryPostTakesKeys(app));

        Assert.Contains("/v2/escaped", error.Message);
        Assert.DoesNotContain("/api/v1/covered", error.Message);
    }

    private static async Task<int> CountPatientsAsync(HttpClient client, Guid site, string familyName)
    {
        var list = await (await client.GetAsync($"{Patients}?siteId={site}&name={familyName}")).ReadObjectAsync();
        return list["items"]!.AsArray().Count(p => p!["familyName"]!.GetValue<string>() == familyName);
    }

    private async Task<int> CountRecordsAsync(string subject, string? key)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        return await db.Set<IdempotencyRecord>().CountAsync(r => r.Subject == subject && (key == null || r.Key == key), TestContext.Current.CancellationToken);
    }
}

/// <summary>Requests with an <c>Idempotency-Key</c>.</summary>
public static class IdempotentRequests
{
    public static async Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient client, string path, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        request.Headers.TryAddWithoutValidation(IdempotencyKeys.Header, key);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
