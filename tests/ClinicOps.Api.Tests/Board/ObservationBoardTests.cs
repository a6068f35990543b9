using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Api.Tests.TreatmentDay;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.TreatmentDay.TreatmentDays;

namespace ClinicOps.Api.Tests.Board;

public sealed class ObservationBoardTestsOnSqlite(SqliteApiFixture fixture) : ObservationBoardTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ObservationBoardTestsOnPostgres(PostgresApiFixture fixture) : ObservationBoardTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>
/// The nurse station's board, computed from the database: the snapshot through a treatment day, and the event stream
/// served by one instance while another records the changes, resumed with Last-Event-ID.
/// </summary>
public abstract class ObservationBoardTests(ApiFixture fixture)
{
    /// <summary>The stream polls quickly in tests; nothing here waits on a clock, only on the next event (bounded).</summary>
    internal static readonly Dictionary<string, string> FastStream = new()
    {
        ["ObservationBoard:PollInterval"] = "00:00:00.100",
        ["ObservationBoard:ReevaluateEvery"] = "00:00:01",
    };

    private static JsonObject ChairOf(JsonObject board, Guid chair) =>
        board["chairs"]!.AsArray().Single(c => c!["chairId"]!.GetValue<Guid>() == chair)!.AsObject();

    [Fact]
    public async Task The_board_follows_a_treatment_day_initials_times_checkpoints_alerts_and_readiness()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, chairs, patient, appointment) = await api.BookedSessionAsync(ivKetamine: false);
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        using var clinician = api.ClientFor("dr-lee", [Role.Clinician], [site]);
        using var desk = api.ClientFor(Role.FrontDesk, site);
        async Task<JsonObject> Chair() => ChairOf(await desk.GetAsync($"/api/v1/sites/{site}/board").OkAsync(), chairs[0]);

        api.MoveTo("2026-11-23T14:50:00Z");
        var id = (await nurse.PostJsonAsync($"/api/v1/appointments/{appointment}/check-in", CheckInBody()).OkAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var checkedIn = await Chair();
        Assert.Equal(("AQ", "CheckedIn", "induction 1", "pre-dose"), (checkedIn["session"]!["patientInitials"]!.GetValue<string>(),
            checkedIn["session"]!["status"]!.GetValue<string>(), checkedIn["session"]!["label"]!.GetValue<string>(), checkedIn["session"]!["nextCheckpoint"]!["name"]!.GetValue<string>()));
        Assert.Null(checkedIn["session"]!["elapsedMinutes"]);
        Assert.Null(ChairOf(await desk.GetAsync($"/api/v1/sites/{site}/board").OkAsync(), chairs[1])["session"]);

        api.MoveTo("2026-11-23T14:56:00Z");
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T14:55:00Z"))).OkAsync(HttpStatusCode.Created);
        api.MoveTo("2026-11-23T15:15:00Z");
        await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""
            {"doseMg":56,"devices":[{"lotNumber":"24JG123","administeredAt":"2026-11-23T15:10:00Z"},{"lotNumber":"24JG123","administeredAt":"2026-11-23T15:15:00Z"}]}
            """)).OkAsync();
        api.MoveTo("2026-11-23T15:45:00Z");
        var monitoring = (await Chair())["session"]!;
        Assert.Equal((35, 85), (monitoring["elapsedMinutes"]!.GetValue<int>(), monitoring["remainingMinutes"]!.GetValue<int>()));
        Assert.Equal(("40 minutes after dosing", At("2026-11-23T16:00:00Z"), false), (monitoring["nextCheckpoint"]!["name"]!.GetValue<string>(),
            monitoring["nextCheckpoint"]!["dueBy"]!.GetValue<DateTimeOffset>(), monitoring["nextCheckpoint"]!["overdue"]!.GetValue<bool>()));

        // The 40-minute window closes at 50 minutes without a blood pressure: overdue.
        api.MoveTo("2026-11-23T16:01:00Z");
        Assert.True((await Chair())["session"]!["nextCheckpoint"]!["overdue"]!.GetValue<bool>());

        api.MoveTo("2026-11-23T16:02:00Z");
        var peak = await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T15:59:00Z"), 184, 98)).OkAsync(HttpStatusCode.Created);
        var alerted = (await Chair())["session"]!;
        Assert.Equal("HighBloodPressure", Assert.Single(alerted["openAlerts"]!.AsArray())!["kind"]!.GetValue<string>());
        Assert.Equal("before completion", alerted["nextCheckpoint"]!["name"]!.GetValue<string>());
        await clinician.PostJsonAsync($"/api/v1/sessions/{id}/alerts/{peak["alerts"]![0]!["id"]}/resolution", new JsonObject { ["note"] = "Rechecked; settled." }).OkAsync();
        api.MoveTo("2026-11-23T16:40:00Z");
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T16:39:00Z"), 136, 84)).OkAsync(HttpStatusCode.Created);
        Assert.Empty((await Chair())["session"]!["openAlerts"]!.AsArray());
        Assert.False((await Chair())["session"]!["readyForDischarge"]!.GetValue<bool>());

        api.MoveTo("2026-11-23T17:12:00Z");
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T17:00:00Z"), 130, 80)).OkAsync(HttpStatusCode.Created);
        var ready = (await Chair())["session"]!;
        Assert.True(ready["readyForDischarge"]!.GetValue<bool>(), ready.ToJsonString());
        Assert.Null(ready["nextCheckpoint"]);

        await nurse.PostAsync($"/api/v1/sessions/{id}/discharge", Json("""{"seriousAdverseEvent":false}""")).OkAsync();
        Assert.Null((await Chair())["session"]);

        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        var trail = await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&action=Read&pageSize=100").OkAsync();
        Assert.Contains(trail["items"]!.AsArray(), e => e!["operation"]?.GetValue<string>() == "GET /api/v1/sites/{siteId:guid}/board/");

        var otherSite = await api.CreateSiteAsync();
        using var stranger = api.ClientFor(Role.Nurse, otherSite);
        await (await stranger.GetAsync($"/api/v1/sites/{site}/board")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/v1/sites/{site}/board/events")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task During_an_IV_infusion_the_board_shows_the_10_minute_window_due_and_no_elapsed_time_yet()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, chairs, _, appointment) = await api.BookedSessionAsync(ivKetamine: true);
        using var nurse = api.ClientFor(Role.Nurse, site);
        var id = await api.CheckInAsync(nurse, appointment);
        api.MoveTo("2026-11-23T15:06:00Z");
        await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"weightKg":70,"mgPerKg":0.5,"infusionStartedAt":"2026-11-23T15:05:00Z","vialLotNumbers":["KX2291"]}""")).OkAsync();
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T15:06:00Z"))).OkAsync(HttpStatusCode.Created);
        api.MoveTo("2026-11-23T15:27:00Z");

        var session = ChairOf(await nurse.GetAsync($"/api/v1/sites/{site}/board").OkAsync(), chairs[0])["session"]!;

        Assert.Equal(("IvKetamine", "Monitoring"), (session["treatment"]!.GetValue<string>(), session["status"]!.GetValue<string>()));
        Assert.Null(session["elapsedMinutes"]);
        Assert.Equal(("infusion 10-20 min", At("2026-11-23T15:25:00Z"), true), (session["nextCheckpoint"]!["name"]!.GetValue<string>(),
            session["nextCheckpoint"]!["dueBy"]!.GetValue<DateTimeOffset>(), session["nextCheckpoint"]!["overdue"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_stream_of_one_instance_carries_changes_recorded_through_another_and_resumes_after_a_reconnect()
    {
        await using var streaming = new ApiFactory(fixture.Provider, fixture.ConnectionString, FastStream);
        await using var recording = new ApiFactory(fixture.Provider, fixture.ConnectionString, FastStream);
        var (site, chairs, patient, appointment) = await recording.BookedSessionAsync(ivKetamine: false);
        using var nurse = recording.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        using var clinician = recording.ClientFor("dr-lee", [Role.Clinician], [site]);
        foreach (var api in new[] { streaming, recording })
        {
            api.MoveTo("2026-11-23T15:20:00Z");
        }

        var id = await recording.CheckInAsync(nurse, appointment);
        foreach (var api in new[] { streaming, recording })
        {
            api.MoveTo("2026-11-23T15:20:00Z");
        }

        await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"doseMg":56,"devices":[{"lotNumber":"A1","administeredAt":"2026-11-23T15:10:00Z"},{"lotNumber":"A1","administeredAt":"2026-11-23T15:15:00Z"}]}"""))
            .OkAsync();

        using var station = streaming.ClientFor(Role.Nurse, site);
        var (opened, stream) = await BoardEvents.OpenAsync(station, site);
        Assert.Equal("text/event-stream", opened.Content.Headers.ContentType?.MediaType);
        long lastId;
        await using (stream)
        {
            var snapshot = await stream!.NextAsync();
            Assert.Equal("snapshot", snapshot.Event);
            Assert.Equal(snapshot.Id, snapshot.Data["sequence"]!.GetValue<long>());
            Assert.Equal("AQ", ChairOf(snapshot.Data, chairs[0])["session"]!["patientInitials"]!.GetValue<string>());
            Assert.Empty(ChairOf(snapshot.Data, chairs[0])["session"]!["openAlerts"]!.AsArray());

            var reading = await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T15:19:00Z"), 186, 100)).OkAsync(HttpStatusCode.Created);
            var change = await stream.NextWhereAsync(e => e.Event == "chair" && e.Data["session"]?["openAlerts"]?.AsArray().Count > 0);
            Assert.Equal(chairs[0], change.Data["chairId"]!.GetValue<Guid>());
            Assert.True(change.Id > snapshot.Id);
            lastId = change.Id;

            // While the station is disconnected, a clinician resolves the alert through the other instance.
            await stream.DisposeAsync();
            await clinician.PostJsonAsync($"/api/v1/sessions/{id}/alerts/{reading["alerts"]![0]!["id"]}/resolution", new JsonObject { ["note"] = "Rechecked; settled." })
                .OkAsync();
        }

        var (_, resumed) = await BoardEvents.OpenAsync(station, site, lastId);
        await using (resumed)
        {
            var first = await resumed!.NextAsync();
            Assert.Equal("snapshot", first.Event);
            Assert.True(first.Id > lastId, $"{first.Id} should follow {lastId}");
            Assert.Empty(ChairOf(first.Data, chairs[0])["session"]!["openAlerts"]!.AsArray());
        }

        // The stream audits each session it shows, once per connection, with the patient. Reads are stored in batches
        // by the instance that served them, which flushes them before it answers a query of the trail.
        using var admin = streaming.ClientFor(Role.ClinicAdmin, site);
        var trail = await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&action=Read&pageSize=100").OkAsync();
        Assert.Equal(2, trail["items"]!.AsArray().Count(e => e!["operation"]?.GetValue<string>() == "GET /api/v1/sites/{siteId:guid}/board/events"));

        using var anonymous = streaming.CreateClient();
        await (await anonymous.GetAsync($"/api/v1/sites/{site}/board/events")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
