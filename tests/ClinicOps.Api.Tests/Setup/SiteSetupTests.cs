using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Setup;

public sealed class SiteSetupTestsOnSqlite(SqliteApiFixture fixture) : SiteSetupTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class SiteSetupTestsOnPostgres(PostgresApiFixture fixture) : SiteSetupTests(fixture), IClassFixture<PostgresApiFixture>;

public abstract class SiteSetupTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    private static JsonObject Schedule() => new()
    {
        ["openingHours"] = new JsonArray(
            new JsonObject { ["day"] = "Monday", ["opens"] = "13:00", ["closes"] = "18:00" },
            new JsonObject { ["day"] = "Monday", ["opens"] = "08:00", ["closes"] = "12:00" },
            new JsonObject { ["day"] = "Thursday", ["opens"] = "08:30", ["closes"] = "17:45" }),
        ["closures"] = new JsonArray(new JsonObject { ["from"] = "2026-11-26", ["to"] = "2026-11-27", ["reason"] = "Thanksgiving" }),
    };

    private static HttpRequestMessage Put(string path, JsonNode body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = Json(body.ToJsonString()) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    [Fact]
    public async Task A_schedule_put_with_if_match_is_read_back_in_order_and_moves_the_sites_etag()
    {
        var site = await Api.CreateSiteAsync();
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);
        var before = await admin.GetAsync($"/api/v1/sites/{site}/schedule");
        Assert.Equal("\"1\"", before.Headers.ETag!.Tag);
        Assert.Empty((await before.ReadObjectAsync())["openingHours"]!.AsArray());

        var put = await admin.SendAsync(Put($"/api/v1/sites/{site}/schedule", Schedule(), "\"1\""));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag!.Tag);
        using var nurse = Api.ClientFor(Role.Nurse, site);
        var read = await nurse.GetAsync($"/api/v1/sites/{site}/schedule");
        Assert.Equal("\"2\"", read.Headers.ETag!.Tag);
        var schedule = await read.ReadObjectAsync();
        Assert.Equal("America/Chicago", schedule["timeZoneId"]!.GetValue<string>());
        Assert.Equal(
            ["Monday 08:00-12:00", "Monday 13:00-18:00", "Thursday 08:30-17:45"],
            schedule["openingHours"]!.AsArray().Select(h => $"{h!["day"]} {h["opens"]}-{h["closes"]}"));
        Assert.Equal("Thanksgiving", schedule["closures"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("2026-11-27", schedule["closures"]![0]!["to"]!.GetValue<string>());
        Assert.Equal(2, (await (await nurse.GetAsync($"/api/v1/sites/{site}")).ReadObjectAsync())["version"]!.GetValue<int>());

        // What GET serves can be sent back as it is.
        var roundTrip = await admin.SendAsync(Put($"/api/v1/sites/{site}/schedule", schedule, "\"2\""));
        Assert.Equal(HttpStatusCode.OK, roundTrip.StatusCode);

        var notModified = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/schedule");
        notModified.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(roundTrip.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.NotModified, (await nurse.SendAsync(notModified)).StatusCode);
    }

    [Fact]
    public async Task A_schedule_put_with_a_stale_if_match_gets_412_and_without_one_428_and_nothing_changes()
    {
        var site = await Api.CreateSiteAsync();
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(Put($"/api/v1/sites/{site}/schedule", Schedule(), "\"1\""))).StatusCode);

        var stale = await admin.SendAsync(Put($"/api/v1/sites/{site}/schedule", new JsonObject { ["openingHours"] = new JsonArray(), ["closures"] = new JsonArray() }, "\"1\""));
        var missing = await admin.SendAsync(Put($"/api/v1/sites/{site}/schedule", Schedule(), ifMatch: null));

        Assert.Equal("stale-etag", (await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed))["code"]!.GetValue<string>());
        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var schedule = await (await admin.GetAsync($"/api/v1/sites/{site}/schedule")).ReadObjectAsync();
        Assert.Equal(3, schedule["openingHours"]!.AsArray().Count);
    }

    public static TheoryData<string, string, string> InvalidSchedules => new()
    {
        { "off-grid opening", "openingHours[0].opens", """{"openingHours":[{"day":"Monday","opens":"08:10","closes":"12:00"}],"closures":[]}""" },
        { "not a time", "openingHours[0].closes", """{"openingHours":[{"day":"Monday","opens":"08:00","closes":"5pm"}],"closures":[]}""" },
        { "closes before it opens", "openingHours[0].closes", """{"openingHours":[{"day":"Monday","opens":"12:00","closes":"08:00"}],"closures":[]}""" },
        { "overlapping windows", "openingHours[1]", """{"openingHours":[{"day":"Monday","opens":"08:00","closes":"12:00"},{"day":"Monday","opens":"11:00","closes":"14:00"}],"closures":[]}""" },
        { "closure ends before it starts", "closures[0].to", """{"openingHours":[],"closures":[{"from":"2026-12-25","to":"2026-12-24","reason":"Christmas"}]}""" },
        { "closure without reason", "closures[0].reason", """{"openingHours":[],"closures":[{"from":"2026-12-25","to":"2026-12-25","reason":" "}]}""" },
        { "missing closures", "closures", """{"openingHours":[]}""" },
        { "another time zone", "timeZoneId", """{"timeZoneId":"Europe/Berlin","openingHours":[],"closures":[]}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidSchedules))]
    public async Task An_invalid_schedule_gets_400_naming_the_field(string because, string field, string body)
    {
        var site = await Api.CreateSiteAsync();
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);

        var response = await admin.SendAsync(Put($"/api/v1/sites/{site}/schedule", JsonNode.Parse(body)!, "\"1\""));

        var fields = await response.ShouldBeValidationProblemAsync();
        Assert.True(fields.Contains(field), $"{because}: expected an error for '{field}', got {string.Join(", ", fields)}");
    }

    [Fact]
    public async Task Rems_certification_is_recorded_on_the_site_and_a_future_date_is_refused()
    {
        var site = await Api.CreateSiteAsync();
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);
        var current = await admin.GetAsync($"/api/v1/sites/{site}");
        Assert.Null((await current.ReadObjectAsync())["remsCertifiedOn"]);

        // 2026-11-21T14:00Z is 08:00 on 2026-11-21 in Chicago: the 22nd is still tomorrow there.
        var future = await admin.SendAsync(Put($"/api/v1/sites/{site}/rems-certification", new JsonObject { ["certifiedOn"] = "2026-11-22", ["reference"] = "REMS-1" }, current.Headers.ETag!.ToString()));
        Assert.Contains("certifiedOn", await future.ShouldBeValidationProblemAsync());

        var certified = await admin.SendAsync(Put($"/api/v1/sites/{site}/rems-certification", new JsonObject { ["certifiedOn"] = "2026-11-21", ["reference"] = "REMS-HCS-1" }, current.Headers.ETag!.ToString()));

        Assert.Equal(HttpStatusCode.OK, certified.StatusCode);
        var stored = await (await admin.GetAsync($"/api/v1/sites/{site}")).ReadObjectAsync();
        Assert.Equal("2026-11-21", stored["remsCertifiedOn"]!.GetValue<string>());
        Assert.Equal("REMS-HCS-1", stored["remsCertificationReference"]!.GetValue<string>());
        var stale = await admin.SendAsync(Put($"/api/v1/sites/{site}/rems-certification", new JsonObject { ["certifiedOn"] = "2026-11-20", ["reference"] = "REMS-2" }, current.Headers.ETag!.ToString()));
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await (await desk.SendAsync(Put($"/api/v1/sites/{site}/rems-certification", new JsonObject { ["certifiedOn"] = "2026-11-20", ["reference"] = "REMS-2" }, "*")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Chairs_are_added_listed_by_name_renamed_and_taken_out_of_service_and_names_are_unique_per_site()
    {
        var site = await Api.CreateSiteAsync();
        var otherSite = await Api.CreateSiteAsync();
        using var admin = Api.ClientFor(Role.ClinicAdmin, site, otherSite);
        var chairB = await admin.PostAsJsonAsync($"/api/v1/sites/{site}/chairs", new { name = "Chair B" });
        var chairA = await admin.PostAsJsonAsync($"/api/v1/sites/{site}/chairs", new { name = "  Chair A " });
        Assert.Equal(HttpStatusCode.Created, chairA.StatusCode);
        Assert.Equal("\"1\"", chairA.Headers.ETag!.Tag);
        var a = await chairA.ReadObjectAsync();
        Assert.Equal($"/api/v1/chairs/{a["id"]}", chairA.Headers.Location!.ToString());
        Assert.True(a["active"]!.GetValue<bool>());

        var duplicate = await admin.PostAsJsonAsync($"/api/v1/sites/{site}/chairs", new { name = "Chair B" });
        Assert.Equal("chair.name-taken", (await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/sites/{otherSite}/chairs", new { name = "Chair B" })).StatusCode);

        using var nurse = Api.ClientFor(Role.Nurse, site);
        var list = await (await nurse.GetAsync($"/api/v1/sites/{site}/chairs")).ReadObjectAsync();
        Assert.Equal(["Chair A", "Chair B"], list["items"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(2, list["totalCount"]!.GetValue<int>());

        var renamed = await admin.SendAsync(Put($"/api/v1/chairs/{a["id"]}", new JsonObject { ["name"] = "Chair A (window)", ["active"] = false }, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("\"2\"", renamed.Headers.ETag!.Tag);
        var stored = await (await nurse.GetAsync($"/api/v1/chairs/{a["id"]}")).ReadObjectAsync();
        Assert.Equal("Chair A (window)", stored["name"]!.GetValue<string>());
        Assert.False(stored["active"]!.GetValue<bool>());

        var clash = await admin.SendAsync(Put($"/api/v1/chairs/{a["id"]}", new JsonObject { ["name"] = "Chair B", ["active"] = true }, "\"2\""));
        Assert.Equal("chair.name-taken", (await clash.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        await (await admin.SendAsync(Put($"/api/v1/chairs/{a["id"]}", new JsonObject { ["name"] = "Chair Z", ["active"] = true }, "\"1\"")))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await admin.SendAsync(Put($"/api/v1/chairs/{a["id"]}", new JsonObject { ["name"] = "Chair Z", ["active"] = true }, ifMatch: null)))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Contains("name", await (await admin.PostAsJsonAsync($"/api/v1/sites/{site}/chairs", new { name = new string('x', 65) })).ShouldBeValidationProblemAsync());
        Assert.Contains("active", await (await admin.SendAsync(Put($"/api/v1/chairs/{a["id"]}", new JsonObject { ["name"] = "Chair Z" }, "\"2\""))).ShouldBeValidationProblemAsync());
    }

    [Fact]
    public async Task Another_sites_chairs_and_schedule_are_404()
    {
        var site = await Api.CreateSiteAsync();
        var otherSite = await Api.CreateSiteAsync();
        using var otherAdmin = Api.ClientFor(Role.ClinicAdmin, otherSite);
        var chair = await (await otherAdmin.PostAsJsonAsync($"/api/v1/sites/{otherSite}/chairs", new { name = "Chair 1" })).ReadObjectAsync();
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);

        await (await admin.GetAsync($"/api/v1/sites/{otherSite}/chairs")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsJsonAsync($"/api/v1/sites/{otherSite}/chairs", new { name = "Sneaky" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsJsonAsync($"/api/v1/sites/{Guid.NewGuid()}/chairs", new { name = "Nowhere" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/v1/chairs/{chair["id"]}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(Put($"/api/v1/chairs/{chair["id"]}", new JsonObject { ["name"] = "Mine", ["active"] = true }, "*")))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/v1/sites/{otherSite}/schedule")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.SendAsync(Put($"/api/v1/sites/{otherSite}/schedule", Schedule(), "*"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_patient_is_enrolled_in_the_rems_once_with_who_recorded_it()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site));
        await (await desk.GetAsync($"/api/v1/patients/{patient}/rems-enrollment")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var enrolled = await desk.PostAsJsonAsync($"/api/v1/patients/{patient}/rems-enrollment", new { enrolledOn = "2026-11-20", reference = " REMS-PT-1 " });

        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        Assert.Equal($"/api/v1/patients/{patient}/rems-enrollment", enrolled.Headers.Location!.ToString());
        using var integrator = Api.ClientFor(Role.Integrator, site);
        var stored = await (await integrator.GetAsync($"/api/v1/patients/{patient}/rems-enrollment")).ReadObjectAsync();
        Assert.Equal("2026-11-20", stored["enrolledOn"]!.GetValue<string>());
        Assert.Equal("REMS-PT-1", stored["reference"]!.GetValue<string>());
        Assert.Equal("user-frontdesk", stored["recordedBy"]!.GetValue<string>());
        Assert.Equal(Api.Clock.GetUtcNow(), DateTimeOffset.Parse(stored["recordedAt"]!.GetValue<string>()));
        Assert.Equal(site, stored["siteId"]!.GetValue<Guid>());

        using var clinician = Api.ClientFor(Role.Clinician, site);
        var second = await clinician.PostAsJsonAsync($"/api/v1/patients/{patient}/rems-enrollment", new { enrolledOn = "2026-11-21", reference = "REMS-PT-2" });
        Assert.Equal("rems.already-enrolled", (await second.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rems_enrollment_refuses_future_and_pre_birth_dates_other_sites_patients_and_nurses()
    {
        var site = await Api.CreateSiteAsync();
        var otherSite = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (patient, _) = await desk.RegisterPatientAsync(ValidPatient(site));
        using var otherDesk = Api.ClientFor(Role.FrontDesk, otherSite);

        Assert.Contains("enrolledOn", await (await desk.PostAsJsonAsync($"/api/v1/patients/{patient}/rems-enrollment", new { enrolledOn = "2026-11-22", reference = "R-1" })).ShouldBeValidationProblemAsync());
        Assert.Contains("enrolledOn", await (await desk.PostAsJsonAsync($"/api/v1/patients/{patient}/rems-enrollment", new { enrolledOn = "1984-03-16", reference = "R-1" })).ShouldBeValidationProblemAsync());
        Assert.Contains("reference", await (await desk.PostAsJsonAsync($"/api/v1/patients/{patient}/rems-enrollment", new { enrolledOn = "2026-11-20", reference = new string('R', 65) })).ShouldBeValidationProblemAsync());
        await (await otherDesk.PostAsJsonAsync($"/api/v1/patients/{patient}/rems-enrollment", new { enrolledOn = "2026-11-20", reference = "R-1" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var nurse = Api.ClientFor(Role.Nurse, site);
        await (await nurse.PostAsJsonAsync($"/api/v1/patients/{patient}/rems-enrollment", new { enrolledOn = "2026-11-20", reference = "R-1" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.Created, (await desk.PostAsJsonAsync($"/api/v1/patients/{patient}/rems-enrollment", new { enrolledOn = "2026-11-20", reference = "R-1" })).StatusCode);
        await (await otherDesk.GetAsync($"/api/v1/patients/{patient}/rems-enrollment")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
