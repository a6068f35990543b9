using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.Scheduling;

public sealed class ScheduleReadTestsOnSqlite(SqliteApiFixture fixture) : ScheduleReadTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ScheduleReadTestsOnPostgres(PostgresApiFixture fixture) : ScheduleReadTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>The day sheet, a patient's appointment list and the free-slot search, over HTTP.</summary>
public abstract class ScheduleReadTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private async Task<(Guid Patient, Guid Course)> EsketaminePatientAsync(Guid site, string familyName)
    {
        var patient = await Api.ClearedPatientAsync(site, familyName: familyName);
        await Api.EnrollInRemsAsync(site, patient);
        return (patient, await Api.CourseAsync(site, patient, EsketamineTrd));
    }

    private static async Task<JsonArray> BookedAsync(HttpClient desk, Guid course, params JsonObject[] sessions)
    {
        var response = await desk.BookAsync(course, sessions);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonNodeAsync()).AsArray();
    }

    private static async Task<JsonObject> OkAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadObjectAsync();
    }

    private async Task SetChairActiveAsync(Guid chair, bool active)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var entity = await db.Chairs.IgnoreQueryFilters().SingleAsync(c => c.Id == chair);
        entity.Update(entity.Name, active);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_day_sheet_lists_each_chair_with_its_sessions_in_time_order_and_the_chairless_appointments_apart()
    {
        var (site, chairs) = await Api.ClinicAsync(chairs: 3);
        var (quinn, quinnCourse) = await EsketaminePatientAsync(site, "Quinn");
        var (baker, bakerCourse) = await EsketaminePatientAsync(site, "Baker");
        var (chen, chenCourse) = await EsketaminePatientAsync(site, "Chen");
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await BookedAsync(desk, bakerCourse, Session("2026-11-30", "13:00", chairs[0]));
        await BookedAsync(desk, quinnCourse, Session("2026-11-30", "09:00", chairs[0]), Session("2026-12-03", "09:00", chairs[0]));
        await BookedAsync(desk, chenCourse, Session("2026-11-30", "10:00", chairs[1]));
        var followUp = new JsonObject { ["kind"] = "FollowUpVisit", ["date"] = "2026-11-30", ["time"] = "14:00", ["durationMinutes"] = 30 };
        Assert.Equal(HttpStatusCode.Created, (await desk.PostAsync($"/api/v1/patients/{quinn}/appointments", Json(followUp.ToJsonString()))).StatusCode);

        // Chair 2 goes out of service but still holds Chen's session; Chair 3 is out of service and empty.
        await SetChairActiveAsync(chairs[1], false);
        await SetChairActiveAsync(chairs[2], false);

        using var nurse = Api.ClientFor(Role.Nurse, site);
        var sheet = await OkAsync(nurse, $"/api/v1/sites/{site}/day-sheet?date=2026-11-30");

        Assert.Equal(("2026-11-30", "America/Chicago"), (sheet["date"]!.GetValue<string>(), sheet["timeZoneId"]!.GetValue<string>()));
        var sheetChairs = sheet["chairs"]!.AsArray();
        Assert.Equal(["Chair 1", "Chair 2"], sheetChairs.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal([true, false], sheetChairs.Select(c => c!["active"]!.GetValue<bool>()));
        var first = sheetChairs[0]!["sessions"]!.AsArray();
        Assert.Equal([quinn, baker], first.Select(s => s!["patientId"]!.GetValue<Guid>()));
        Assert.Equal(["Avery Quinn", "Avery Baker"], first.Select(s => s!["patientName"]!.GetValue<string>()));
        Assert.Equal(["09:00", "13:00"], first.Select(s => s!["localTime"]!.GetValue<string>()));
        Assert.Equal(["induction 1/8", "induction 1/8"], first.Select(s => s!["label"]!.GetValue<string>()));
        Assert.All(first, s => Assert.Equal(("Booked", "Induction"), (s!["status"]!.GetValue<string>(), s["phase"]!.GetValue<string>())));
        Assert.Equal(At("2026-11-30T15:00:00Z"), first[0]!["startsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(At("2026-11-30T17:45:00Z"), first[0]!["endsAt"]!.GetValue<DateTimeOffset>());
        var second = Assert.Single(sheetChairs[1]!["sessions"]!.AsArray());
        Assert.Equal((chen, "10:00"), (second!["patientId"]!.GetValue<Guid>(), second["localTime"]!.GetValue<string>()));

        var other = Assert.Single(sheet["otherAppointments"]!.AsArray())!;
        Assert.Equal((quinn, "Avery Quinn", "follow-up visit", "14:00"),
            (other["patientId"]!.GetValue<Guid>(), other["patientName"]!.GetValue<string>(), other["label"]!.GetValue<string>(), other["localTime"]!.GetValue<string>()));
        Assert.Null(other["chairId"]);

        // Every appointment shown is a read of that patient's record.
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var reads = await db.AuditEntries.Where(e => e.SiteId == site && e.Action == AuditAction.Read && e.EntityType == nameof(Appointment) && e.Subject == "user-nurse")
            .Select(e => e.PatientId).ToListAsync();
        Assert.Equal(4, reads.Count);
        Assert.Equal(new HashSet<Guid> { baker, chen, quinn }, reads.Select(p => p!.Value).ToHashSet());

        var empty = await OkAsync(nurse, $"/api/v1/sites/{site}/day-sheet?date=2026-12-01");
        Assert.Equal(["Chair 1"], empty["chairs"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Empty(empty["chairs"]![0]!["sessions"]!.AsArray());
        Assert.Empty(empty["otherAppointments"]!.AsArray());
    }

    [Fact]
    public async Task Another_sites_day_sheet_and_free_slots_answer_404_and_bad_dates_answer_400()
    {
        var (site, _) = await Api.ClinicAsync();
        var (otherSite, _) = await Api.ClinicAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        await (await desk.GetAsync($"/api/v1/sites/{otherSite}/day-sheet?date=2026-11-30")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await desk.GetAsync($"/api/v1/sites/{Guid.NewGuid()}/day-sheet?date=2026-11-30")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await desk.GetAsync($"/api/v1/sites/{otherSite}/free-slots?from=2026-11-30&to=2026-11-30&protocolId={EsketamineTrd}"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await desk.GetAsync($"/api/v1/sites/{site}/free-slots?from=2026-11-30&to=2026-11-30&protocolId={Guid.NewGuid()}"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(["date"], await (await desk.GetAsync($"/api/v1/sites/{site}/day-sheet")).ShouldBeValidationProblemAsync());
        Assert.Equal(["date"], await (await desk.GetAsync($"/api/v1/sites/{site}/day-sheet?date=2026-13-45")).ShouldBeValidationProblemAsync());
        Assert.Equal(["date"], await (await desk.GetAsync($"/api/v1/sites/{site}/day-sheet?date=30.11.2026")).ShouldBeValidationProblemAsync());
        var slots = $"/api/v1/sites/{site}/free-slots";
        Assert.Equal(["to"], await (await desk.GetAsync($"{slots}?from=2026-12-02&to=2026-12-01&protocolId={EsketamineTrd}")).ShouldBeValidationProblemAsync());
        Assert.Equal(["to"], await (await desk.GetAsync($"{slots}?from=2026-12-01&to=2027-01-01&protocolId={EsketamineTrd}")).ShouldBeValidationProblemAsync());
        Assert.Equal(["from", "protocolId", "to"], (await (await desk.GetAsync(slots)).ShouldBeValidationProblemAsync()).Order());
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync($"{slots}?from=2026-12-01&to=2026-12-31&protocolId={EsketamineTrd}")).StatusCode);

        var patient = await Api.ClearedPatientAsync(site);
        var list = $"/api/v1/patients/{patient}/appointments";
        Assert.Equal(["when"], await (await desk.GetAsync($"{list}?when=soon")).ShouldBeValidationProblemAsync());
        Assert.Equal(["pageSize"], await (await desk.GetAsync($"{list}?pageSize=101")).ShouldBeValidationProblemAsync());
        using var otherDesk = Api.ClientFor(Role.FrontDesk, otherSite);
        await (await otherDesk.GetAsync(list)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await otherDesk.GetAsync($"{list}.ics")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_patients_appointments_are_listed_upcoming_past_or_all_in_a_stable_order_with_paging()
    {
        var (site, chairs) = await Api.ClinicAsync(chairs: 1);
        var (patient, course) = await EsketaminePatientAsync(site, "Quinn");
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        string[] dates = ["2026-11-30", "2026-12-03", "2026-12-07", "2026-12-10", "2026-12-14", "2026-12-17", "2026-12-21", "2026-12-24"];
        var booked = await BookedAsync(desk, course, [.. dates.Select(d => Session(d, "09:00", chairs[0]))]);
        var fourth = booked[3]!["id"]!.GetValue<Guid>();
        var read = await desk.GetAsync($"/api/v1/appointments/{fourth}");
        Assert.Equal(HttpStatusCode.OK, (await desk.SendWithETagAsync($"/api/v1/appointments/{fourth}/cancellation", new JsonObject { ["reason"] = "Patient has the flu." }, read.Headers.ETag!.ToString())).StatusCode);

        // Another instance on the same database whose clock stands on Tuesday 2026-12-08; the first session was missed.
        await using var later = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        later.Clock.Advance(At("2026-12-08T12:00:00Z") - later.Clock.GetUtcNow());
        using var laterDesk = later.ClientFor(Role.FrontDesk, site);
        var firstId = booked[0]!["id"]!.GetValue<Guid>();
        var firstRead = await laterDesk.GetAsync($"/api/v1/appointments/{firstId}");
        Assert.Equal(HttpStatusCode.OK, (await laterDesk.SendWithETagAsync($"/api/v1/appointments/{firstId}/no-show", null, firstRead.Headers.ETag!.ToString())).StatusCode);

        static IEnumerable<string> Dates(JsonObject page) => page["items"]!.AsArray().Select(i => i!["localDate"]!.GetValue<string>());
        var list = $"/api/v1/patients/{patient}/appointments";

        var upcoming = await OkAsync(laterDesk, $"{list}?pageSize=2");
        Assert.Equal((5, 1, 2), (upcoming["totalCount"]!.GetValue<int>(), upcoming["page"]!.GetValue<int>(), upcoming["pageSize"]!.GetValue<int>()));
        Assert.Equal(["2026-12-10", "2026-12-14"], Dates(upcoming));
        Assert.Equal(["Cancelled", "Booked"], upcoming["items"]!.AsArray().Select(i => i!["status"]!.GetValue<string>()));
        Assert.Equal(["induction 4/8", "induction 5/8"], upcoming["items"]!.AsArray().Select(i => i!["label"]!.GetValue<string>()));
        Assert.Equal(["2026-12-24"], Dates(await OkAsync(laterDesk, $"{list}?when=upcoming&page=3&pageSize=2")));
        Assert.Equal(["2026-12-10", "2026-12-14", "2026-12-17", "2026-12-21", "2026-12-24"], Dates(await OkAsync(laterDesk, $"{list}?when=Upcoming")));

        var past = await OkAsync(laterDesk, $"{list}?when=past&pageSize=2");
        Assert.Equal(3, past["totalCount"]!.GetValue<int>());
        Assert.Equal(["2026-12-07", "2026-12-03"], Dates(past));
        var oldest = Assert.Single((await OkAsync(laterDesk, $"{list}?when=past&page=2&pageSize=2"))["items"]!.AsArray())!;
        Assert.Equal(("2026-11-30", "NoShow", "America/Chicago"), (oldest["localDate"]!.GetValue<string>(), oldest["status"]!.GetValue<string>(), oldest["timeZoneId"]!.GetValue<string>()));

        var all = await OkAsync(laterDesk, $"{list}?when=all&pageSize=100");
        Assert.Equal(8, all["totalCount"]!.GetValue<int>());
        Assert.Equal(dates, Dates(all));

        // The shared clock (2026-11-21) still sees every appointment as upcoming.
        Assert.Equal(8, (await OkAsync(desk, list))["totalCount"]!.GetValue<int>());
        Assert.Empty((await OkAsync(desk, $"{list}?when=past"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Free_slots_respect_booked_chairs_closures_opening_hours_and_the_session_length_before_closing()
    {
        var (site, chairs) = await Api.ClinicAsync(chairs: 2, closures: new Closure(new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2), "Staff training"));
        var (_, quinnCourse) = await EsketaminePatientAsync(site, "Quinn");
        var (_, bakerCourse) = await EsketaminePatientAsync(site, "Baker");
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await BookedAsync(desk, quinnCourse, Session("2026-11-30", "09:00", chairs[0]));
        var url = $"/api/v1/sites/{site}/free-slots?from=2026-11-30&to=2026-12-06&protocolId={EsketamineTrd}";

        var result = await OkAsync(desk, url);
        Assert.Equal((165, "America/Chicago"), (result["sessionMinutes"]!.GetValue<int>(), result["timeZoneId"]!.GetValue<string>()));
        var days = result["days"]!.AsArray();
        Assert.Equal(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"], days.Select(d => d!["date"]!.GetValue<string>()));
        IReadOnlyDictionary<string, Guid[]> Slots(JsonNode day) => day["slots"]!.AsArray()
            .ToDictionary(s => s!["localTime"]!.GetValue<string>(), s => s!["chairIds"]!.AsArray().Select(c => c!.GetValue<Guid>()).ToArray());

        // 08:00 to 15:15: a 165-minute session must end by 18:00.
        var monday = Slots(days[0]!);
        Assert.Equal(30, monday.Count);
        Assert.Equal(("08:00", "15:15"), (monday.Keys.First(), monday.Keys.Last()));
        Assert.Equal([chairs[1]], monday["08:00"]);
        Assert.Equal([chairs[1]], monday["11:30"]);
        Assert.Equal([chairs[0], chairs[1]], monday["11:45"]);
        var firstSlot = days[0]!["slots"]![0]!;
        Assert.Equal((At("2026-11-30T14:00:00Z"), At("2026-11-30T16:45:00Z")), (firstSlot["startsAt"]!.GetValue<DateTimeOffset>(), firstSlot["endsAt"]!.GetValue<DateTimeOffset>()));
        Assert.Equal(30, Slots(days[1]!).Count);
        Assert.Null(days[1]!["closedReason"]);
        Assert.Empty(Slots(days[2]!));
        Assert.Equal("Staff training", days[2]!["closedReason"]!.GetValue<string>());
        Assert.Empty(Slots(days[5]!));
        Assert.Empty(Slots(days[6]!));

        // With both chairs taken at 09:00, nothing fits before 11:45 that day.
        await BookedAsync(desk, bakerCourse, Session("2026-11-30", "09:00", chairs[1]));
        var full = Slots((await OkAsync(desk, url))["days"]![0]!);
        Assert.Equal(("11:45", "15:15", 15), (full.Keys.First(), full.Keys.Last(), full.Count));

        // IV ketamine holds a chair 195 minutes: its last start is 14:45.
        var iv = await OkAsync(desk, $"/api/v1/sites/{site}/free-slots?from=2026-12-01&to=2026-12-01&protocolId={IvKetamine}");
        Assert.Equal(195, iv["sessionMinutes"]!.GetValue<int>());
        Assert.Equal("14:45", Slots(iv["days"]![0]!).Keys.Last());

        // A chair out of service offers nothing.
        await SetChairActiveAsync(chairs[0], false);
        Assert.All(Slots((await OkAsync(desk, url))["days"]![1]!).Values, ids => Assert.Equal([chairs[1]], ids));
    }
}
