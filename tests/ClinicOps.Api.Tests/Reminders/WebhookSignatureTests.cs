using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Contract;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Reminders.RemindersHarness;

namespace ClinicOps.Api.Tests.Reminders;

public sealed class WebhookSignatureTestsOnSqlite(ReminderSqliteFixture fixture) : WebhookSignatureTests(fixture), IClassFixture<ReminderSqliteFixture>;

public sealed class WebhookSignatureTestsOnPostgres(ReminderPostgresFixture fixture) : WebhookSignatureTests(fixture), IClassFixture<ReminderPostgresFixture>;

/// <summary>
/// Real deliveries over HTTP to 127.0.0.1, verified by the reference Standard Webhooks library from npm
/// (<c>standardwebhooks</c>, pinned in contract/package.json; contract/webhooks/verify.mjs).
/// </summary>
public abstract class WebhookSignatureTests(ApiFixture fixture)
{
    private static async Task<(int ExitCode, string Output)> VerifyAsync(IEnumerable<(string Secret, ReceivedWebhook Delivery)> deliveries)
    {
        await Tools.EnsureNpmToolsAsync();
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-webhooks-{Guid.NewGuid():N}.json");
        try
        {
            var json = new JsonArray([.. deliveries.Select(d => (JsonNode)new JsonObject
            {
                ["secret"] = d.Secret,
                ["headers"] = JsonSerializer.SerializeToNode(d.Delivery.Headers),
                ["body"] = d.Delivery.Body,
            })]);
            await File.WriteAllTextAsync(file, json.ToJsonString());
            return await Tools.RunAsync("node", [Path.Combine("webhooks", "verify.mjs"), file], Tools.ContractDirectory, TimeSpan.FromMinutes(1));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Deliveries_verify_with_the_reference_library_also_across_a_secret_rotation_and_a_tampered_one_does_not()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString, ExplicitJobs);
        var (site, chair, _, course) = await api.PatientWithCourseAsync();
        var (subscription, secret) = await api.SubscribeAsync(site, receiver.Url);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await api.BookOneAsync(site, course, "2026-11-30", "09:00", chair);

        // The reference verifier compares webhook-timestamp with real time (5 minutes of tolerance).
        api.Clock.Set(TimeProvider.System.GetUtcNow());
        await api.RunWebhooksAsync();
        var first = Assert.Single(receiver.Received);
        Assert.StartsWith("v1,", first.Signature, StringComparison.Ordinal);
        Assert.Equal("appointment.booked", JsonNode.Parse(first.Body)!["type"]!.GetValue<string>());

        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        var rotated = await (await admin.PostAsync($"/api/v1/webhook-subscriptions/{subscription}/secret-rotation", Json("""{"overlapHours":24}"""))).ReadObjectAsync();
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.NotEqual(secret, newSecret);
        // A session ahead of real time (the clock now reads it): a fixed date here would fall into the past one day.
        await api.BookOneAsync(site, course, WeekdayAfter(api.Clock.GetUtcNow(), days: 2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "09:00", chair);
        await api.RunWebhooksAsync();
        var second = receiver.Received[^1];
        Assert.Equal(2, second.Signature.Split(' ').Length);

        var tampered = first with { Body = first.Body.Replace("appointment.booked", "appointment.cancelled", StringComparison.Ordinal) };
        var (exitCode, output) = await VerifyAsync([(secret, first), (newSecret, second), (secret, second), (secret, tampered)]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 4, output);
        Assert.All(lines[..3], line => Assert.StartsWith("ok ", line, StringComparison.Ordinal));
        Assert.StartsWith("FAIL ", lines[3], StringComparison.Ordinal);
        Assert.Equal(1, exitCode);

        // After the overlap only the new secret signs.
        api.Clock.Advance(TimeSpan.FromHours(25));
        var list = await (await admin.GetAsync($"/api/v1/sites/{site}/webhook-subscriptions")).Content.ReadFromJsonNodeAsync();
        Assert.Null(list[0]!["previousSecretExpiresAt"]);
        Assert.Null(list[0]!["secret"]);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/sites/{site}/webhook-subscriptions")).StatusCode);
    }
}
