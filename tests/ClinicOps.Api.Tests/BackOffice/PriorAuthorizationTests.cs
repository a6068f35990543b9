using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.BackOffice;

public sealed class PriorAuthorizationTestsOnSqlite(SqliteApiFixture fixture) : PriorAuthorizationTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class PriorAuthorizationTestsOnPostgres(PostgresApiFixture fixture) : PriorAuthorizationTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>Prior authorizations per course: booking inside them, refusals outside them, ClinicAdmin overrides, reminders and the packet.</summary>
public abstract class PriorAuthorizationTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task Booking_outside_the_PA_dates_or_beyond_its_count_is_warned_in_the_plan_and_refused_unless_a_ClinicAdmin_overrides()
    {
        // Its own instance: this test moves the clock.
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, chairs) = await api.ClinicAsync();
        var patient = await api.ClearedPatientAsync(site, familyName: "Authorized");
        await api.EnrollInRemsAsync(site, patient);
        var course = await api.CourseAsync(site, patient, EsketamineTrd);
        using var desk = api.ClientFor("desk-1", [Role.FrontDesk], [site]);
        using var admin = api.ClientFor("admin-1", [Role.ClinicAdmin], [site]);

        var pa = new JsonObject
        {
            ["payer"] = "Blue Cross Blue Shield of Illinois", ["referenceNumber"] = "PA-88123-X", ["status"] = "Approved", ["approvedSessions"] = 2,
            ["validFrom"] = "2026-11-23", ["validThrough"] = "2026-11-30",
            ["documents"] = new JsonArray(new JsonObject { ["title"] = "Payer approval letter", ["reference"] = "DMS-2026-11-0042" }),
        };
        var recorded = await desk.PostAsync($"/api/v1/courses/{course}/prior-authorizations", Json(pa.ToJsonString()));
        Assert.True(recorded.StatusCode == HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());
        Assert.Contains("referenceNumber", await (await desk.PostAsync($"/api/v1/courses/{course}/prior-authorizations", Json("""{"payer":"X","status":"Approved","approvedSessions":2}"""))).ShouldBeValidationProblemAsync());

        var first = await desk.BookAsync(course, Session("2026-11-23", "09:00", chairs[0]), Session("2026-11-26", "09:00", chairs[0]));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var second = (await first.Content.ReadFromJsonNodeAsync())[1]!["id"]!.GetValue<Guid>();

        var plan = await (await desk.PostAsync($"/api/v1/courses/{course}/plan", Json("""{"startDate":"2026-11-30","times":["09:00"],"sessions":2}"""))).ReadObjectAsync();
        var warnings = plan["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("ExceedsCount: 2026-11-30", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("OutsideDates:", warnings[1], StringComparison.Ordinal);

        var beyondCount = await (await desk.BookAsync(course, Session("2026-11-30", "09:00", chairs[0]))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("appointment.prior-authorization", beyondCount["code"]!.GetValue<string>());
        Assert.StartsWith("ExceedsCount:", beyondCount["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var outside = await (await desk.BookAsync(course, Session("2026-12-03", "09:00", chairs[0]))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("OutsideDates:", outside["reasons"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var overrideBody = """{"dates":["2026-12-03"],"reason":"Renewal submitted 2026-11-28; payer confirmed by phone it will be backdated."}""";
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsync($"/api/v1/courses/{course}/prior-authorization-overrides", Json(overrideBody))).StatusCode);
        Assert.Contains("reason", await (await admin.PostAsync($"/api/v1/courses/{course}/prior-authorization-overrides", Json("""{"dates":["2026-12-03"]}"""))).ShouldBeValidationProblemAsync());
        var overridden = await (await admin.PostAsync($"/api/v1/courses/{course}/prior-authorization-overrides", Json(overrideBody))).ReadObjectAsync();
        Assert.Equal("admin-1", overridden["by"]!.GetValue<string>());
        var booked = await desk.BookAsync(course, Session("2026-12-03", "09:00", chairs[0]));
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await desk.BookAsync(course, Session("2026-11-30", "09:00", chairs[0]))).StatusCode);

        // Moving a session is checked too: out of the PA's dates is refused, within them is fine.
        async Task<HttpResponseMessage> MoveAsync(string date)
        {
            var read = await desk.GetAsync($"/api/v1/appointments/{second}");
            return await desk.SendWithETagAsync($"/api/v1/appointments/{second}/reschedule", new JsonObject { ["date"] = date, ["time"] = "09:00" }, read.Headers.ETag!.Tag);
        }

        var movedOut = await (await MoveAsync("2026-12-07")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("appointment.prior-authorization", movedOut["code"]!.GetValue<string>());
        var movedWithin = await MoveAsync("2026-11-27");
        Assert.True(movedWithin.StatusCode == HttpStatusCode.OK, await movedWithin.Content.ReadAsStringAsync());

        // Today is 2026-11-21: the PA ends in 9 days and has no session left, so both reminders are due.
        var listed = Assert.Single((await (await desk.GetAsync($"/api/v1/courses/{course}/prior-authorizations")).Content.ReadFromJsonNodeAsync()).AsArray())!;
        Assert.Equal(0, listed["sessionsLeft"]!.GetValue<int>());
        Assert.Equal(["ExpiresWithin14Days", "FewSessionsLeft"], listed["reminders"]!.AsArray().Select(r => r!.GetValue<string>()));
        var due = (await (await desk.GetAsync($"/api/v1/sites/{site}/prior-authorization-reminders")).Content.ReadFromJsonNodeAsync()).AsArray();
        Assert.Equal(listed["id"]!.GetValue<Guid>(), Assert.Single(due)!["id"]!.GetValue<Guid>());

        // After the PA has ended nothing is due any more.
        api.Clock.Advance(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero) - api.Clock.GetUtcNow());
        Assert.Empty((await (await desk.GetAsync($"/api/v1/sites/{site}/prior-authorization-reminders")).Content.ReadFromJsonNodeAsync()).AsArray());
    }

    [Fact]
    public async Task The_PA_packet_holds_the_diagnosis_failed_trials_PHQ9_history_and_the_PAs_as_JSON_and_a_page()
    {
        var (site, _) = await Api.ClinicAsync();
        var patient = await Api.ClearedPatientAsync(site, familyName: "Packet");
        var course = await Api.CourseAsync(site, patient, EsketamineTrd);
        using var desk = Api.ClientFor("desk-1", [Role.FrontDesk], [site]);
        await desk.PostAsync($"/api/v1/courses/{course}/prior-authorizations", Json("""{"payer":"Aetna","referenceNumber":"AET-1","status":"Requested"}"""));

        var packet = await (await desk.GetAsync($"/api/v1/courses/{course}/prior-authorization-packet")).ReadObjectAsync();
        Assert.Equal(("MajorDepressiveDisorder", "TreatmentResistantDepression", "ESK-TRD"),
            (packet["diagnosis"]!.GetValue<string>(), packet["indication"]!.GetValue<string>(), packet["protocol"]!.GetValue<string>()));
        Assert.True(packet["failedTrials"]!.GetValue<int>() >= 2, packet.ToJsonString());
        Assert.Equal(("Screening", 16), (packet["phq9History"]![0]!["source"]!.GetValue<string>(), packet["phq9History"]![0]!["total"]!.GetValue<int>()));
        Assert.Equal("AET-1", Assert.Single(packet["authorizations"]!.AsArray())!["referenceNumber"]!.GetValue<string>());

        var page = await desk.GetAsync($"/api/v1/courses/{course}/prior-authorization-packet.html");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Antidepressant trials", html, StringComparison.Ordinal);
        Assert.Contains("AET-1", html, StringComparison.Ordinal);
    }
}
