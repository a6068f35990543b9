using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Inventory.Inventory;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.TreatmentDay;

public sealed class TreatmentDayTestsOnSqlite(SqliteApiFixture fixture) : TreatmentDayTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class TreatmentDayTestsOnPostgres(PostgresApiFixture fixture) : TreatmentDayTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>
/// Whole treatment days over HTTP. Each test runs its own API instance on the class's database so it can move that
/// instance's clock through the day; nothing waits for real time.
/// </summary>
public abstract class TreatmentDayTests(ApiFixture fixture)
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private async Task<(ApiFactory Api, Guid Site, Guid Patient, Guid Course, Guid Appointment)> BookedSessionAsync(bool ivKetamine)
    {
        var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, chairs) = await api.ClinicAsync();
        var patient = await api.ClearedPatientAsync(site, ivKetamine);
        if (!ivKetamine)
        {
            await api.EnrollInRemsAsync(site, patient);
        }

        // Every dose draws from the site's Schedule III stock: the lots these scenarios name are received first.
        await api.ReceiveAsync(site, ivKetamine ? "KetamineVial" : "EsketamineDevice28Mg", ivKetamine ? "KX2291" : "24JG123", 10);
        if (!ivKetamine)
        {
            await api.ReceiveAsync(site, "EsketamineDevice28Mg", "A1", 10);
        }

        var course = await api.CourseAsync(site, patient, ivKetamine ? IvKetamine : EsketamineTrd);
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var booked = await desk.BookAsync(course, Session("2026-11-23", "09:00", chairs[0]));
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        var appointment = (await booked.Content.ReadFromJsonNodeAsync())[0]!["id"]!.GetValue<Guid>();
        return (api, site, patient, course, appointment);
    }

    private static JsonObject CheckInBody(bool rideConfirmed = true) => new()
    {
        ["rideConfirmed"] = rideConfirmed,
        ["rideDetails"] = "Partner drives; confirmed by phone.",
        ["fastingAcknowledged"] = true,
        ["medications"] = new JsonArray(),
        ["pregnancy"] = "NotPregnant",
        ["phq9"] = new JsonArray(1, 1, 1, 2, 1, 1, 1, 0, 0),
        ["supervisingPrescriber"] = "dr-lee",
        ["pulseOximeterOnsite"] = true,
    };

    private static JsonObject Vitals(DateTimeOffset at, int systolic = 128, int diastolic = 80, int moaas = 5, int spo2 = 98, string dissociation = "None") => new()
    {
        ["measuredAt"] = Iso(at), ["systolic"] = systolic, ["diastolic"] = diastolic, ["heartRate"] = 74, ["spO2"] = spo2, ["respiratoryRate"] = 14,
        ["moaas"] = moaas, ["dissociation"] = dissociation,
    };

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task A_whole_esketamine_session_from_check_in_to_the_REMS_record()
    {
        var (api, site, patient, course, appointment) = await BookedSessionAsync(ivKetamine: false);
        await using var _ = api;
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        using var clinician = api.ClientFor("dr-lee", [Role.Clinician], [site]);
        api.Clock.Advance(At("2026-11-23T14:50:00Z") - api.Clock.GetUtcNow());

        var session = await OkAsync(await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(CheckInBody().ToJsonString())), HttpStatusCode.Created);
        var id = session["id"]!.GetValue<Guid>();
        Assert.Equal(("CheckedIn", 8), (session["status"]!.GetValue<string>(), session["phq9Total"]!.GetValue<int>()));
        var twice = await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(CheckInBody().ToJsonString()));
        Assert.Equal("session.already-checked-in", (await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());

        // Pre-dose blood pressure above the clinic's 140/90: dosing is refused until a clinician overrides.
        api.Clock.Advance(At("2026-11-23T14:56:00Z") - api.Clock.GetUtcNow());
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T14:55:00Z"), 146, 92).ToJsonString())), HttpStatusCode.Created);
        api.Clock.Advance(At("2026-11-23T15:15:00Z") - api.Clock.GetUtcNow());
        var dose = new JsonObject
        {
            ["doseMg"] = 56,
            ["devices"] = new JsonArray(
                new JsonObject { ["lotNumber"] = "24JG123", ["administeredAt"] = "2026-11-23T15:10:00Z" },
                new JsonObject { ["lotNumber"] = "24JG123", ["administeredAt"] = "2026-11-23T15:13:00Z" }),
        };
        var blocked = await (await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json(dose.ToJsonString()))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("session.dosing-blocked", blocked["code"]!.GetValue<string>());
        Assert.StartsWith("PRE-DOSE-BP:", Assert.Single(blocked["reasons"]!.AsArray())!.GetValue<string>());
        var nurseOverride = await nurse.PostAsync($"/api/v1/sessions/{id}/overrides", Json("""{"check":"PRE-DOSE-BP","reason":"Usual pressure for this patient."}"""));
        Assert.Equal(HttpStatusCode.Forbidden, nurseOverride.StatusCode);
        await OkAsync(await clinician.PostAsync($"/api/v1/sessions/{id}/overrides", Json("""{"check":"PRE-DOSE-BP","reason":"Rechecked after rest; 146/92 is her usual."}""")));
        var eightyFour = dose.DeepClone().AsObject();
        eightyFour["doseMg"] = 84;
        eightyFour["devices"]!.AsArray().Add(new JsonObject { ["lotNumber"] = "24JG123", ["administeredAt"] = "2026-11-23T15:14:00Z" });
        var notAllowed = await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json(eightyFour.ToJsonString()));
        Assert.Equal("session.dose-not-allowed", (await notAllowed.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        var dosed = await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json(dose.ToJsonString())));
        Assert.Equal(("Monitoring", "2026-11-23T15:10:00+00:00"), (dosed["status"]!.GetValue<string>(), dosed["clockStartedAt"]!.GetValue<DateTimeOffset>().ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));
        Assert.Contains(dosed["flags"]!.AsArray(), f => f!.GetValue<string>().Contains("3 minutes apart", StringComparison.Ordinal));

        // At 40 minutes the blood pressure peaks: an alert, and a retried post (same Idempotency-Key) is recorded once.
        api.Clock.Advance(At("2026-11-23T15:52:00Z") - api.Clock.GetUtcNow());
        var peak = Vitals(At("2026-11-23T15:50:00Z"), 182, 96, moaas: 4, dissociation: "Mild").ToJsonString();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post() => new(HttpMethod.Post, $"/api/v1/sessions/{id}/vitals") { Content = Json(peak), Headers = { { "Idempotency-Key", key } } };
        var first = await nurse.SendAsync(Post());
        var retried = await nurse.SendAsync(Post());
        var recorded = await OkAsync(first, HttpStatusCode.Created);
        Assert.Equal(recorded.ToJsonString(), (await OkAsync(retried, HttpStatusCode.Created)).ToJsonString());
        Assert.Equal("HighBloodPressure", Assert.Single(recorded["alerts"]!.AsArray())!["kind"]!.GetValue<string>());
        var status = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}/status"));
        Assert.Equal((42, 78), (status["elapsedMinutes"]!.GetValue<int>(), status["remainingMinutes"]!.GetValue<int>()));
        Assert.Single(status["openAlerts"]!.AsArray());
        Assert.Equal(2, (await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}")))["readings"]!.AsArray().Count);

        // Leaving now is refused, with every failed check.
        api.Clock.Advance(TimeSpan.FromMinutes(8));
        var early = await nurse.PostAsync($"/api/v1/sessions/{id}/discharge", Json("""{"seriousAdverseEvent":false}"""));
        var refusal = await early.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("session.not-ready", refusal["code"]!.GetValue<string>());
        var failed = refusal["reasons"]!.AsArray().Select(r => r!.GetValue<string>().Split(':')[0]).ToList();
        Assert.Equal(["MONITORING-TIME", "CHECKPOINTS", "BP-BELOW-ALERT", "NO-OPEN-ALERTS", "SEDATION-RESOLVED", "DISSOCIATION-RESOLVED"], failed);

        var alert = recorded["alerts"]![0]!["id"]!.GetValue<Guid>();
        var resolved = await OkAsync(await clinician.PostAsync($"/api/v1/sessions/{id}/alerts/{alert}/resolution", Json("""{"note":"Rechecked 150/88 after 15 minutes; no symptoms."}""")));
        Assert.Equal(("dr-lee", false), (resolved["resolvedBy"]!.GetValue<string>(), resolved["isOpen"]!.GetValue<bool>()));
        api.Clock.Advance(At("2026-11-23T16:26:00Z") - api.Clock.GetUtcNow());
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T16:25:00Z"), 138, 84).ToJsonString())), HttpStatusCode.Created);
        api.Clock.Advance(At("2026-11-23T17:12:00Z") - api.Clock.GetUtcNow());
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T17:00:00Z"), 130, 80).ToJsonString())), HttpStatusCode.Created);

        var readiness = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}/readiness"));
        Assert.True(readiness["ready"]!.GetValue<bool>(), readiness.ToJsonString());
        var discharged = await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/discharge", Json("""{"seriousAdverseEvent":false}""")));
        Assert.Equal("Discharged", discharged["status"]!.GetValue<string>());
        var late = await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T17:11:00Z")).ToJsonString()));
        Assert.Equal("session.locked", (await late.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());

        var record = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}/rems-record"));
        var form = record["form"]!;
        Assert.Equal(("Avery Quinn", true, 56, 122), (form["patientName"]!.GetValue<string>(), form["firstTreatment"]!.GetValue<bool>(), form["doseMg"]!.GetValue<int>(), form["totalMonitoringMinutes"]!.GetValue<int>()));
        Assert.Equal(["24JG123", "24JG123"], form["lotNumbers"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal((146, 182, 130), (form["beforeDosing"]!["systolic"]!.GetValue<int>(), form["aroundFortyMinutes"]!["systolic"]!.GetValue<int>(), form["beforeCompletion"]!["systolic"]!.GetValue<int>()));
        Assert.Equal(75, form["minutesUntilReadyWithoutTwoHourRule"]!.GetValue<int>());
        Assert.True(form["vitalsAcceptableBeforeDosing"]!.GetValue<bool>());
        Assert.True(form["sedation"]!.GetValue<bool>() && form["dissociation"]!.GetValue<bool>());
        Assert.Equal(At("2026-12-01T06:00:00Z"), record["dueBy"]!.GetValue<DateTimeOffset>());

        api.Clock.Advance(At("2026-12-02T12:00:00Z") - api.Clock.GetUtcNow());
        var overdue = await OkAsync(await nurse.GetAsync($"/api/v1/sites/{site}/rems-records?status=Overdue"));
        Assert.Equal(record["id"]!.GetValue<Guid>(), Assert.Single(overdue["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        var submitted = await OkAsync(await nurse.PostAsync($"/api/v1/rems-records/{record["id"]}/submission", Json("""{"reference":"REMS-CONF-1"}""")));
        Assert.Equal(("nurse-jordan", false), (submitted["submittedBy"]!.GetValue<string>(), submitted["overdue"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsync($"/api/v1/rems-records/{record["id"]}/submission", Json("{}"))).StatusCode);

        var outcomes = await OkAsync(await nurse.GetAsync($"/api/v1/courses/{course}/outcomes"));
        Assert.Equal((16, 8, true), (outcomes["phq9Baseline"]!.GetValue<int>(), outcomes["sessions"]![0]!["phq9Total"]!.GetValue<int>(), outcomes["response"]!.GetValue<bool>()));
        Assert.NotEqual(Guid.Empty, patient);
    }

    [Fact]
    public async Task A_whole_IV_ketamine_session_with_an_offline_batch_a_correction_and_an_oxygen_alert()
    {
        var (api, site, _, _, appointment) = await BookedSessionAsync(ivKetamine: true);
        await using var _ = api;
        using var nurse = api.ClientFor("nurse-sam", [Role.Nurse], [site]);
        using var clinician = api.ClientFor("dr-lee", [Role.Clinician], [site]);
        api.Clock.Advance(At("2026-11-23T14:50:00Z") - api.Clock.GetUtcNow());
        var id = (await OkAsync(await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(CheckInBody().ToJsonString())), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        api.Clock.Advance(At("2026-11-23T14:59:00Z") - api.Clock.GetUtcNow());
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T14:58:00Z")).ToJsonString())), HttpStatusCode.Created);
        api.Clock.Advance(At("2026-11-23T15:06:00Z") - api.Clock.GetUtcNow());

        var started = await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"weightKg":70,"mgPerKg":0.5,"infusionStartedAt":"2026-11-23T15:05:00Z","vialLotNumbers":["KX2291"]}""")));
        Assert.Equal(35, started["dose"]!["doseMg"]!.GetValue<int>());
        Assert.Null(started["clockStartedAt"]);
        api.Clock.Advance(At("2026-11-23T15:46:00Z") - api.Clock.GetUtcNow());
        var ended = await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/infusion-end", Json("""{"endedAt":"2026-11-23T15:45:00Z"}""")));
        Assert.Equal(At("2026-11-23T15:45:00Z"), ended["clockStartedAt"]!.GetValue<DateTimeOffset>());

        // The tablet was offline during the infusion: one batch, one implausible reading rejected on its own.
        var batch = new JsonArray(
            Vitals(At("2026-11-23T15:09:00Z"), moaas: 4), Vitals(At("2026-11-23T15:19:00Z"), moaas: 4),
            Vitals(At("2026-11-23T15:29:00Z"), spo2: 88, moaas: 3), Vitals(At("2026-11-23T15:39:00Z"), moaas: 4),
            Vitals(At("2026-11-23T15:40:00Z"), 40, 30));
        var report = await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals/batch", Json(new JsonObject { ["readings"] = batch }.ToJsonString())));
        Assert.Equal((4, 1), (report["accepted"]!.GetValue<int>(), report["rejected"]!.GetValue<int>()));
        Assert.Contains("systolic", report["items"]![4]!["errors"]!.AsObject().Select(e => e.Key));
        var oxygen = report["items"]![2]!["result"]!["alerts"]![0]!;
        Assert.Equal("LowOxygenSaturation", oxygen["kind"]!.GetValue<string>());

        // A mistyped reading is corrected by an addendum; the original stays in the record.
        var wrong = report["items"]![3]!["result"]!["reading"]!["id"]!.GetValue<Guid>();
        var correction = new JsonObject { ["reading"] = Vitals(At("2026-11-23T15:39:00Z"), 132, 82, moaas: 4), ["reason"] = "Systolic typed from the wrong patient's cuff." };
        var corrected = await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals/{wrong}/corrections", Json(correction.ToJsonString())), HttpStatusCode.Created);
        Assert.Equal(wrong, corrected["reading"]!["correctsId"]!.GetValue<Guid>());
        var again = await nurse.PostAsync($"/api/v1/sessions/{id}/vitals/{wrong}/corrections", Json(correction.ToJsonString()));
        Assert.Equal("reading.already-corrected", (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());

        // After the infusion: a reading every 15 minutes for two hours.
        api.Clock.Advance(At("2026-11-23T17:47:00Z") - api.Clock.GetUtcNow());
        var after = new JsonArray([.. Enumerable.Range(0, 8).Select(i => (JsonNode)Vitals(At("2026-11-23T15:50:00Z").AddMinutes(15 * i)))]);
        after.Add(Vitals(At("2026-11-23T17:40:00Z")));
        Assert.Equal(9, (await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals/batch", Json(new JsonObject { ["readings"] = after }.ToJsonString()))))["accepted"]!.GetValue<int>());

        var notYet = await (await nurse.PostAsync($"/api/v1/sessions/{id}/discharge", Json("""{"seriousAdverseEvent":false}"""))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["NO-OPEN-ALERTS"], notYet["reasons"]!.AsArray().Select(r => r!.GetValue<string>().Split(':')[0]));
        await OkAsync(await clinician.PostAsync($"/api/v1/sessions/{id}/alerts/{oxygen["id"]}/resolution", Json("""{"note":"Repositioned probe; 96% on recheck."}""")));
        var discharged = await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/discharge", Json("""{"seriousAdverseEvent":false}""")));
        Assert.Equal("Discharged", discharged["status"]!.GetValue<string>());
        var sessionRecord = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}"));
        Assert.Equal(1 + 4 + 1 + 9, sessionRecord["readings"]!.AsArray().Count);
        Assert.Equal(corrected["reading"]!["id"]!.GetValue<Guid>(),
            sessionRecord["readings"]!.AsArray().Single(r => r!["id"]!.GetValue<Guid>() == wrong)!["correctedById"]!.GetValue<Guid>());

        var record = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}/rems-record"));
        Assert.Equal(("IvKetamine", true), (record["treatment"]!.GetValue<string>(), record["form"]!["respiratoryDepression"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Another_sites_nurse_gets_404_for_a_sessions_reads_vitals_and_its_sites_day_sheet()
    {
        // The session and day-sheet reads run as compiled queries: this proves the site filter still applies to them.
        var (api, site, _, _, appointment) = await BookedSessionAsync(ivKetamine: true);
        await using var _ = api;
        using var nurse = api.ClientFor(Role.Nurse, site);
        var id = await api.CheckInAsync(nurse, appointment);
        var (otherSite, _) = await api.ClinicAsync();
        using var stranger = api.ClientFor(Role.Nurse, otherSite);

        await (await stranger.GetAsync($"/api/v1/sessions/{id}/status")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/v1/sessions/{id}/readiness")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T14:56:00Z")).ToJsonString()))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/v1/sites/{site}/day-sheet?date=2026-11-23")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Single((await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}")))["readings"]!.AsArray());
        await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}/status"));
        var sheet = await OkAsync(await nurse.GetAsync($"/api/v1/sites/{site}/day-sheet?date=2026-11-23"));
        Assert.Contains(sheet["chairs"]!.AsArray().SelectMany(c => c!["sessions"]!.AsArray()), e => e!["appointmentId"]!.GetValue<Guid>() == appointment);
    }

    [Fact]
    public async Task A_patient_who_leaves_early_is_recorded_against_advice_and_flagged_for_REMS()
    {
        var (api, site, _, _, appointment) = await BookedSessionAsync(ivKetamine: false);
        await using var _ = api;
        using var nurse = api.ClientFor(Role.Nurse, site);
        api.Clock.Advance(At("2026-11-23T14:50:00Z") - api.Clock.GetUtcNow());
        var id = (await OkAsync(await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(CheckInBody().ToJsonString())), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        api.Clock.Advance(At("2026-11-23T14:56:00Z") - api.Clock.GetUtcNow());
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T14:55:00Z")).ToJsonString())), HttpStatusCode.Created);
        api.Clock.Advance(At("2026-11-23T15:10:00Z") - api.Clock.GetUtcNow());
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"doseMg":56,"devices":[{"lotNumber":"A1"},{"lotNumber":"A1"}]}""")));
        api.Clock.Advance(TimeSpan.FromMinutes(60));

        var left = await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/early-departure",
            Json("""{"reason":"Declined to stay after counselling; left with partner.","seriousAdverseEvent":false}""")));

        Assert.Equal("LeftEarly", left["status"]!.GetValue<string>());
        Assert.True(left["end"]!["earlyDeparture"]!.GetValue<bool>());
        Assert.Contains(left["flags"]!.AsArray(), f => f!.GetValue<string>().Contains("against advice", StringComparison.Ordinal));
        var form = (await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}/rems-record")))["form"]!;
        Assert.Equal((true, 60), (form["leftEarly"]!.GetValue<bool>(), form["totalMonitoringMinutes"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Bad_input_gets_4xx_problems_and_stores_nothing()
    {
        var (api, site, _, _, appointment) = await BookedSessionAsync(ivKetamine: false);
        await using var _ = api;
        using var nurse = api.ClientFor(Role.Nurse, site);
        api.Clock.Advance(At("2026-11-23T14:50:00Z") - api.Clock.GetUtcNow());

        var futureCheckIn = CheckInBody();
        futureCheckIn["checkedInAt"] = "2026-11-23T14:53:00Z";
        Assert.Contains("checkedInAt", await (await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(futureCheckIn.ToJsonString()))).ShouldBeValidationProblemAsync());
        var id = (await OkAsync(await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(CheckInBody(rideConfirmed: false).ToJsonString())), HttpStatusCode.Created))["id"]!.GetValue<Guid>();

        Assert.Contains("measuredAt", await (await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T14:53:00Z")).ToJsonString()))).ShouldBeValidationProblemAsync());
        Assert.Contains("measuredAt", await (await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T14:40:00Z")).ToJsonString()))).ShouldBeValidationProblemAsync());
        foreach (var (field, value) in new[] { ("systolic", 301), ("diastolic", 19), ("heartRate", 251), ("spO2", 49), ("respiratoryRate", 3), ("moaas", 6) })
        {
            var body = Vitals(At("2026-11-23T14:51:00Z"));
            body[field] = value;
            Assert.Contains(field, await (await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(body.ToJsonString()))).ShouldBeValidationProblemAsync());
        }

        Assert.Empty((await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}")))["readings"]!.AsArray());
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(Vitals(At("2026-11-23T14:51:00Z")).ToJsonString())), HttpStatusCode.Created);

        api.Clock.Advance(At("2026-11-23T14:55:00Z") - api.Clock.GetUtcNow());
        var noRide = await (await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"doseMg":56,"devices":[{"lotNumber":"A1"},{"lotNumber":"A1"}]}"""))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("RIDE:", Assert.Single(noRide["reasons"]!.AsArray())!.GetValue<string>());
        var futureDevice = await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"doseMg":56,"devices":[{"lotNumber":"A1","administeredAt":"2026-11-23T15:30:00Z"},{"lotNumber":"A1"}]}"""));
        Assert.Contains("devices[0].administeredAt", await futureDevice.ShouldBeValidationProblemAsync());
        var wrongDevices = await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"doseMg":56,"devices":[{"lotNumber":"A1"}]}"""));
        Assert.Contains("devices", await wrongDevices.ShouldBeValidationProblemAsync());
        var ivDose = await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"weightKg":70,"mgPerKg":0.5}"""));
        Assert.Contains("doseMg", await ivDose.ShouldBeValidationProblemAsync());
        var session = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}"));
        Assert.Null(session["dose"]);
        Assert.Equal("CheckedIn", session["status"]!.GetValue<string>());
        var prematureDischarge = await nurse.PostAsync($"/api/v1/sessions/{id}/discharge", Json("""{"seriousAdverseEvent":false}"""));
        Assert.Equal("session.not-ready", (await prematureDischarge.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        var noReason = await nurse.PostAsync($"/api/v1/sessions/{id}/early-departure", Json("""{"seriousAdverseEvent":false}"""));
        Assert.Contains("reason", await noReason.ShouldBeValidationProblemAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync($"/api/v1/sessions/{id}/rems-record")).StatusCode);
    }

    [Fact]
    public async Task A_sites_own_alert_thresholds_apply_and_parallel_retries_of_a_reading_record_it_once()
    {
        var (api, site, _, _, appointment) = await BookedSessionAsync(ivKetamine: false);
        await using var _ = api;
        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        using var nurse = api.ClientFor(Role.Nurse, site);
        var current = await admin.GetAsync($"/api/v1/sites/{site}/alert-thresholds");
        var strict = new JsonObject
        {
            ["systolicAtOrAbove"] = 160, ["diastolicAtOrAbove"] = 100, ["spO2Below"] = 92, ["respiratoryRateBelow"] = 8,
            ["heartRateBelow"] = 40, ["heartRateAbove"] = 130, ["moaasAtOrBelow"] = 2,
        };
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sites/{site}/alert-thresholds") { Content = Json(strict.ToJsonString()) };
        put.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(current.Headers.ETag!.ToString()));
        var replaced = await admin.SendAsync(put);
        Assert.Equal(160, (await OkAsync(replaced))["systolicAtOrAbove"]!.GetValue<int>());
        var outOfRange = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/sites/{site}/alert-thresholds") { Content = Json(strict.ToJsonString().Replace("160", "400", StringComparison.Ordinal)) };
        outOfRange.Headers.IfMatch.Add(replaced.Headers.ETag!);
        Assert.Contains("systolicAtOrAbove", await (await admin.SendAsync(outOfRange)).ShouldBeValidationProblemAsync());

        api.Clock.Advance(At("2026-11-23T14:50:00Z") - api.Clock.GetUtcNow());
        var id = (await OkAsync(await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(CheckInBody().ToJsonString())), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var key = Guid.NewGuid().ToString();
        var body = Vitals(At("2026-11-23T14:51:00Z"), 165, 90, spo2: 91).ToJsonString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => nurse.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{id}/vitals") { Content = Json(body), Headers = { { "Idempotency-Key", key } } })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var created = await OkAsync(responses.First(r => r.StatusCode == HttpStatusCode.Created), HttpStatusCode.Created);
        Assert.Equal(["HighBloodPressure", "LowOxygenSaturation"], created["alerts"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
        var session = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{id}"));
        Assert.Single(session["readings"]!.AsArray());
        Assert.Equal(2, session["alerts"]!.AsArray().Count);
    }
}
