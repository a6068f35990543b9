using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Auditing;

public sealed class AuditTrailTestsOnSqlite(SqliteApiFixture fixture) : AuditTrailTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class AuditTrailTestsOnPostgres(PostgresApiFixture fixture) : AuditTrailTests(fixture), IClassFixture<PostgresApiFixture>;

public abstract class AuditTrailTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task Every_call_in_a_scenario_leaves_an_entry_including_denied_and_not_found_ones()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-7", [Role.FrontDesk], [site]);
        using var nurse = Api.ClientFor("nurse-3", [Role.Nurse], [site]);
        using var anonymous = Api.CreateClient();
        using var admin = Api.ClientFor("admin-1", [Role.ClinicAdmin], [site]);

        var (patient, etag) = await desk.RegisterPatientAsync(ValidPatient(site, "MRN-AUD"));
        Api.Clock.Advance(TimeSpan.FromSeconds(1));
        await desk.GetAsync($"/api/v1/patients/{patient}");
        Api.Clock.Advance(TimeSpan.FromSeconds(1));
        var body = PatientUpdate("Rivera", "MRN-AUD");
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{patient}") { Content = Json(body.ToJsonString()) };
        update.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        Assert.Equal(HttpStatusCode.OK, (await desk.SendAsync(update)).StatusCode);
        Api.Clock.Advance(TimeSpan.FromSeconds(1));
        await desk.GetAsync($"/api/v1/patients?siteId={site}&externalMrn=MRN-AUD");
        Api.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PutAsync($"/api/v1/patients/{patient}", Json(body.ToJsonString()))).StatusCode);
        Api.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/patients/{patient}")).StatusCode);
        var missing = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync($"/api/v1/patients/{missing}")).StatusCode);

        var trail = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&pageSize=100")).ReadObjectAsync();
        var entries = trail["items"]!.AsArray().Reverse().Select(e => (
            Subject: e!["subject"]!.GetValue<string>(),
            Action: e["action"]!.GetValue<string>(),
            Outcome: e["outcome"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [
                ("desk-7", "Create", "Success"),
                ("desk-7", "Read", "Success"),
                ("desk-7", "Update", "Success"),
                ("desk-7", "Read", "Success"),
                ("nurse-3", "Update", "Denied"),
            ],
            entries);

        // An anonymous caller holds no site, so no site's administrator sees its refused attempt.
        Assert.DoesNotContain(entries, e => e.Subject == "anonymous");
        var create = trail["items"]!.AsArray().Last()!;
        Assert.Equal(site, create["siteId"]!.GetValue<Guid>());
        Assert.Equal("Patient", create["entityType"]!.GetValue<string>());
        Assert.Equal("FrontDesk", create["roles"]!.GetValue<string>());
        Assert.Equal("POST /api/v1/patients/", create["operation"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(create["correlationId"]!.GetValue<string>()));

        var notFound = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={missing}")).ReadObjectAsync();
        var probe = Assert.Single(notFound["items"]!.AsArray())!;
        Assert.Equal(("nurse-3", "Read", "NotFound"), (probe["subject"]!.GetValue<string>(), probe["action"]!.GetValue<string>(), probe["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Entries_hold_ids_only_never_names_or_contact_details()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);
        var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site, "MRN-PHI"));
        await desk.GetAsync($"/api/v1/patients/{patient}");
        await desk.GetAsync($"/api/v1/patients?name=Avery&siteId={site}");

        var raw = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&pageSize=100")).Content.ReadAsStringAsync();

        Assert.Contains(patient.ToString(), raw);
        foreach (var phi in new[] { "Avery", "Quinn", "1984-03-17", "+15551234567", "avery@example.com", "MRN-PHI", "Jordan" })
        {
            Assert.DoesNotContain(phi, raw, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_rejected_write_leaves_no_success_entry_because_change_and_audit_share_a_transaction()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor("desk-tx", [Role.FrontDesk], [site]);
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);
        var (patient, etag) = await desk.RegisterPatientAsync(ValidPatient(site));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
        {
            var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{patient}")
            {
                Content = Json(PatientUpdate($"Name{i}").ToJsonString()),
            };
            update.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
            return desk.SendAsync(update);
        }));

        var updates = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&action=Update")).ReadObjectAsync();
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.OK), updates["totalCount"]!.GetValue<int>());
        Assert.Equal(1, updates["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_trail_cannot_be_changed_through_the_api_the_context_or_sql()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);
        var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site));
        var before = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}")).Content.ReadAsStringAsync();
        var entryId = JsonNode.Parse(before)!["items"]![0]!["id"]!.GetValue<Guid>();

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Post })
        {
            foreach (var path in new[] { "/api/v1/audit-entries", $"/api/v1/audit-entries/{entryId}" })
            {
                var response = await admin.SendAsync(new HttpRequestMessage(method, path) { Content = Json("{\"subject\":\"x\"}") });
                Assert.False(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}");
            }
        }

        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
            var entry = await db.AuditEntries.SingleAsync(e => e.Id == entryId);
            db.Entry(entry).Property(e => e.Subject).CurrentValue = "forged";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(e => e.Id == entryId));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Subject\" = 'forged'"));
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\""));
        }

        var after = await (await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}")).Content.ReadAsStringAsync();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task The_trail_filters_by_user_action_and_time_and_shows_only_the_admins_sites()
    {
        var siteA = await Api.CreateSiteAsync();
        var siteB = await Api.CreateSiteAsync();
        using var deskA = Api.ClientFor("desk-a", [Role.FrontDesk], [siteA]);
        using var deskB = Api.ClientFor("desk-b", [Role.FrontDesk], [siteB]);
        using var adminA = Api.ClientFor(Role.ClinicAdmin, siteA);
        var start = Api.Clock.GetUtcNow();
        await deskA.RegisterPatientAsync(ValidPatient(siteA));
        Api.Clock.Advance(TimeSpan.FromHours(1));
        var middle = Api.Clock.GetUtcNow();
        await deskA.RegisterPatientAsync(ValidPatient(siteA));
        var (patientB, _) = await deskB.RegisterPatientAsync(ValidPatient(siteB));

        var byUser = await (await adminA.GetAsync("/api/v1/audit-entries?subject=desk-a&action=Create")).ReadObjectAsync();
        var late = await (await adminA.GetAsync($"/api/v1/audit-entries?subject=desk-a&from={Uri.EscapeDataString(middle.ToString("O"))}")).ReadObjectAsync();
        var early = await (await adminA.GetAsync(
            $"/api/v1/audit-entries?subject=desk-a&from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(middle.ToString("O"))}")).ReadObjectAsync();
        var otherSite = await (await adminA.GetAsync($"/api/v1/audit-entries?patientId={patientB}")).ReadObjectAsync();
        var badRange = await adminA.GetAsync($"/api/v1/audit-entries?from={Uri.EscapeDataString(middle.ToString("O"))}&to={Uri.EscapeDataString(start.ToString("O"))}");
        var badAction = await adminA.GetAsync("/api/v1/audit-entries?action=Obliterate");

        Assert.Equal(2, byUser["totalCount"]!.GetValue<int>());
        Assert.Equal(1, late["totalCount"]!.GetValue<int>());
        Assert.Equal(1, early["totalCount"]!.GetValue<int>());
        Assert.Equal(0, otherSite["totalCount"]!.GetValue<int>());
        await badRange.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await badAction.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
