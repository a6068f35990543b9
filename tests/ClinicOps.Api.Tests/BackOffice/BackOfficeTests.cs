using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Inventory.Inventory;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.BackOffice;

public sealed class BackOfficeTestsOnSqlite(SqliteApiFixture fixture) : BackOfficeTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class BackOfficeTestsOnPostgres(PostgresApiFixture fixture) : BackOfficeTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>Billing codes and superbills derived from session records, and the printable REMS Patient Monitoring Form.</summary>
public abstract class BackOfficeTests(ApiFixture fixture)
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    private static JsonObject Vitals(string at, int systolic = 128, int diastolic = 80, int moaas = 5, string dissociation = "None") => new()
    {
        ["measuredAt"] = at, ["systolic"] = systolic, ["diastolic"] = diastolic, ["heartRate"] = 74, ["spO2"] = 98, ["respiratoryRate"] = 14,
        ["moaas"] = moaas, ["dissociation"] = dissociation,
    };

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>A 56 mg esketamine session (day 1 of induction) on 2026-11-23 at 09:00 Chicago; the patient leaves early after 35 minutes, never ready, so the minutes until ready are missing.</summary>
    private static async Task<(Guid Site, Guid Session)> EndedEsketamineSessionAsync(ApiFactory api)
    {
        var (site, chairs) = await api.ClinicAsync();
        var patient = await api.ClearedPatientAsync(site);
        await api.EnrollInRemsAsync(site, patient);
        await api.ReceiveAsync(site, "EsketamineDevice28Mg", "24JG123", 10);
        await api.ReceiveAsync(site, "EsketamineDevice28Mg", "24JG555", 10);
        var course = await api.CourseAsync(site, patient, EsketamineTrd);
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var appointment = (await (await desk.BookAsync(course, Session("2026-11-23", "09:00", chairs[0]))).Content.ReadFromJsonNodeAsync())[0]!["id"]!.GetValue<Guid>();
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        api.Clock.Advance(At("2026-11-23T14:50:00Z") - api.Clock.GetUtcNow());
        var checkIn = new JsonObject
        {
            ["rideConfirmed"] = true, ["rideDetails"] = "Partner drives.", ["fastingAcknowledged"] = true, ["medications"] = new JsonArray("Benzodiazepine"),
            ["pregnancy"] = "NotPregnant", ["phq9"] = new JsonArray(1, 1, 1, 2, 1, 1, 1, 0, 0), ["supervisingPrescriber"] = "dr-lee", ["pulseOximeterOnsite"] = true,
        };
        var session = (await OkAsync(await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(checkIn.ToJsonString())), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{session}/vitals", Json(Vitals("2026-11-23T14:51:00Z").ToJsonString())), HttpStatusCode.Created);
        api.Clock.Advance(At("2026-11-23T15:21:00Z") - api.Clock.GetUtcNow());
        var dose = """{"doseMg":56,"devices":[{"lotNumber":"24JG123","administeredAt":"2026-11-23T15:10:00Z"},{"lotNumber":"24JG555","administeredAt":"2026-11-23T15:15:00Z"}]}""";
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{session}/dose", Json(dose)));
        api.Clock.Advance(At("2026-11-23T15:46:00Z") - api.Clock.GetUtcNow());
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{session}/vitals", Json(Vitals("2026-11-23T15:40:00Z", 134, 84, moaas: 4, dissociation: "Mild").ToJsonString())), HttpStatusCode.Created);
        await OkAsync(await nurse.PostAsync($"/api/v1/sessions/{session}/early-departure",
            Json("""{"reason":"Declined to stay after counselling; left with partner.","seriousAdverseEvent":false}""")));
        return (site, session);
    }

    [Fact]
    public async Task The_code_table_switches_from_S0013_to_J0013_between_2025_12_31_and_2026_01_01()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var site = await api.CreateSiteAsync();
        using var desk = api.ClientFor(Role.FrontDesk, site);

        async Task<string[]> CodesOn(string date) =>
            [.. (await (await desk.GetAsync($"/api/v1/billing-codes?on={date}")).Content.ReadFromJsonNodeAsync()).AsArray().Select(c => c!["code"]!.GetValue<string>())];

        var before = await CodesOn("2025-12-31");
        var after = await CodesOn("2026-01-01");
        Assert.Contains("S0013", before);
        Assert.DoesNotContain("J0013", before);
        Assert.Contains("J0013", after);
        Assert.DoesNotContain("S0013", after);
        Assert.Equal(["96365", "96366", "G2082", "G2083", "J3490"], before.Intersect(after).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_superbill_is_derived_from_the_session_record_per_session_and_per_date_range_as_JSON_and_CSV()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, session) = await EndedEsketamineSessionAsync(api);
        using var billing = api.ClientFor("billing-1", [Role.FrontDesk], [site]);

        var bill = await OkAsync(await billing.GetAsync($"/api/v1/sessions/{session}/superbill?payerBillsDrug=true"));
        Assert.Equal([("G2082", 1), ("J0013", 56)], bill["lines"]!.AsArray().Select(l => (l!["code"]!.GetValue<string>(), l["units"]!.GetValue<int>())));
        Assert.Equal(("2026-11-23", "MajorDepressiveDisorder", "PT-REMS-42", "dr-lee", "REMS-SETTING-001"),
            (bill["dateOfService"]!.GetValue<string>(), bill["diagnosis"]!.GetValue<string>(), bill["remsEnrollmentReference"]!.GetValue<string>(),
             bill["supervisingPrescriber"]!.GetValue<string>(), bill["facilityCertificationReference"]!.GetValue<string>()));
        var withoutDrug = await OkAsync(await billing.GetAsync($"/api/v1/sessions/{session}/superbill"));
        Assert.Equal(["G2082"], withoutDrug["lines"]!.AsArray().Select(l => l!["code"]!.GetValue<string>()));

        var csv = await billing.GetAsync($"/api/v1/sessions/{session}/superbill.csv?payerBillsDrug=true");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("sessionId,dateOfService,", rows[0], StringComparison.Ordinal);
        Assert.Contains(",J0013,56,mg,", rows[2], StringComparison.Ordinal);

        var range = await (await billing.GetAsync($"/api/v1/sites/{site}/superbills?from=2026-11-23&to=2026-11-23")).Content.ReadFromJsonNodeAsync();
        Assert.Equal(session, Assert.Single(range.AsArray())!["sessionId"]!.GetValue<Guid>());
        Assert.Empty((await (await billing.GetAsync($"/api/v1/sites/{site}/superbills?from=2026-11-24&to=2026-11-30")).Content.ReadFromJsonNodeAsync()).AsArray());
        var rangeCsv = await (await billing.GetAsync($"/api/v1/sites/{site}/superbills.csv?from=2026-11-01&to=2026-11-30")).Content.ReadAsStringAsync();
        Assert.Equal(2, rangeCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("from", await (await billing.GetAsync($"/api/v1/sites/{site}/superbills?to=2026-11-30")).ShouldBeValidationProblemAsync());
        Assert.Contains("to", await (await billing.GetAsync($"/api/v1/sites/{site}/superbills?from=2026-10-01&to=2026-11-30")).ShouldBeValidationProblemAsync());
        using var nurse = api.ClientFor(Role.Nurse, site);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync($"/api/v1/sessions/{session}/superbill")).StatusCode);
    }

    [Fact]
    public async Task The_Patient_Monitoring_Form_prints_on_one_page_with_its_fields_and_names_what_is_missing()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, session) = await EndedEsketamineSessionAsync(api);
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);

        var sheet = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{session}/rems-form"));
        var missing = sheet["missingFields"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Equal(["Minutes until ready to leave without the 2-hour rule"], missing);
        Assert.Equal(7, sheet["daysLeft"]!.GetValue<int>());

        var page = await nurse.GetAsync($"/api/v1/sessions/{session}/rems-form.html");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        var style = html[(html.IndexOf("<style>", StringComparison.Ordinal) + 7)..html.IndexOf("</style>", StringComparison.Ordinal)];
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"style-src 'sha256-{hash}'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // CLINICOPS_WRITE_PMF_SAMPLE=<path> keeps the page, to render the README's picture from it.
        if (Environment.GetEnvironmentVariable("CLINICOPS_WRITE_PMF_SAMPLE") is { Length: > 0 } sample)
        {
            await File.WriteAllTextAsync(sample, html);
        }

        var (pages, text) = await Printing.PrintAsync(html);
        Assert.Equal(1, pages);
        foreach (var expected in new[] { "Avery Quinn", "1984-03-17", "PT-REMS-42", "REMS-SETTING-001", "dr-lee", "2026-11-23", "56 mg", "24JG123, 24JG555",
                     "Benzodiazepines", "Left before ready", "Minutes until ready to leave without", "MISSING", "7 day(s) left" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        // Marked submitted by fax: how, who and when are kept, and the page says so.
        var record = await OkAsync(await nurse.GetAsync($"/api/v1/sessions/{session}/rems-record"));
        var submitted = await OkAsync(await nurse.PostAsync($"/api/v1/rems-records/{record["id"]}/submission", Json("""{"reference":"FAX-0042","method":"Fax"}""")));
        Assert.Equal(("Fax", "nurse-jordan"), (submitted["submissionMethod"]!.GetValue<string>(), submitted["submittedBy"]!.GetValue<string>()));
        Assert.Null(submitted["daysLeft"]);
        Assert.Contains("by nurse-jordan (Fax)", await (await nurse.GetAsync($"/api/v1/sessions/{session}/rems-form.html")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deadline_board_lists_pending_forms_with_days_left_and_overdue_ones()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, _) = await EndedEsketamineSessionAsync(api);
        using var nurse = api.ClientFor(Role.Nurse, site);

        api.Clock.Advance(At("2026-11-28T12:00:00Z") - api.Clock.GetUtcNow());
        var pending = Assert.Single((await OkAsync(await nurse.GetAsync($"/api/v1/sites/{site}/rems-records?status=Pending")))["items"]!.AsArray())!;
        Assert.Equal((2, false), (pending["daysLeft"]!.GetValue<int>(), pending["overdue"]!.GetValue<bool>()));
        api.Clock.Advance(At("2026-12-02T12:00:00Z") - api.Clock.GetUtcNow());
        var overdue = Assert.Single((await OkAsync(await nurse.GetAsync($"/api/v1/sites/{site}/rems-records?status=Overdue")))["items"]!.AsArray())!;
        Assert.Equal((-2, true), (overdue["daysLeft"]!.GetValue<int>(), overdue["overdue"]!.GetValue<bool>()));
    }
}
