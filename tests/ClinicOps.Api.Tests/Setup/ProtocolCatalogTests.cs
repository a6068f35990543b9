using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Setup;

public sealed class ProtocolCatalogTestsOnSqlite(SqliteApiFixture fixture) : ProtocolCatalogTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ProtocolCatalogTestsOnPostgres(PostgresApiFixture fixture) : ProtocolCatalogTests(fixture), IClassFixture<PostgresApiFixture>;

public abstract class ProtocolCatalogTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    internal static JsonObject ValidIvProtocol(string code) => new()
    {
        ["code"] = code,
        ["name"] = "IV ketamine, four infusions",
        ["treatment"] = "IvKetamine",
        ["indication"] = "ClinicProtocol",
        ["inductionSessions"] = 4,
        ["inductionWindowDays"] = 14,
        ["inductionMinDaysBetweenDoses"] = 2,
        ["inductionMaxSessionsPerWeek"] = 2,
        ["inductionWeekdays"] = new JsonArray("Tuesday", "Friday"),
        ["maintenanceMinDaysBetweenDoses"] = 7,
        ["maintenanceSessionsPerReevaluation"] = 2,
        ["doses"] = new JsonArray(
            new JsonObject { ["phase"] = "Induction", ["firstSession"] = 1, ["mgPerKgMin"] = 0.1, ["mgPerKgMax"] = 0.75, ["mgPerKgDefault"] = 0.5 },
            new JsonObject { ["phase"] = "Maintenance", ["firstSession"] = 1, ["mgPerKgMin"] = 0.1, ["mgPerKgMax"] = 0.75, ["mgPerKgDefault"] = 0.5 }),
        ["checkInMinutes"] = 15,
        ["dosingMinutes"] = 40,
        ["monitoringMinutes"] = 120,
        ["bufferMinutes"] = 15,
    };

    internal static JsonObject ValidEsketamineProtocol(string code) => new()
    {
        ["code"] = code,
        ["name"] = "Esketamine TRD, clinic variant",
        ["treatment"] = "Esketamine",
        ["indication"] = "TreatmentResistantDepression",
        ["inductionSessions"] = 8,
        ["inductionWindowDays"] = 28,
        ["inductionMinDaysBetweenDoses"] = 2,
        ["inductionMaxSessionsPerWeek"] = 2,
        ["inductionWeekdays"] = new JsonArray("Monday", "Thursday"),
        ["maintenanceMinDaysBetweenDoses"] = 7,
        ["doses"] = new JsonArray(
            new JsonObject { ["phase"] = "Induction", ["firstSession"] = 1, ["lastSession"] = 1, ["milligramOptions"] = new JsonArray(56) },
            new JsonObject { ["phase"] = "Induction", ["firstSession"] = 2, ["milligramOptions"] = new JsonArray(56, 84) },
            new JsonObject { ["phase"] = "Maintenance", ["firstSession"] = 1, ["milligramOptions"] = new JsonArray(56, 84) }),
        ["checkInMinutes"] = 15,
        ["dosingMinutes"] = 10,
        ["monitoringMinutes"] = 120,
        ["bufferMinutes"] = 15,
    };

    private static string UniqueCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    [Fact]
    public async Task The_seeded_protocols_are_listed_by_code_with_their_figures()
    {
        using var nurse = Api.ClientFor(Role.Nurse);

        var list = await (await nurse.GetAsync("/api/v1/protocols?pageSize=100")).ReadObjectAsync();

        var items = list["items"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var codes = items.Select(p => p["code"]!.GetValue<string>()).ToList();
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        var esk = items.Single(p => p["code"]!.GetValue<string>() == "ESK-TRD");
        Assert.Equal("9a000000-0000-4000-8000-000000000001", esk["id"]!.GetValue<string>());
        Assert.Equal("Esketamine", esk["treatment"]!.GetValue<string>());
        Assert.Equal(8, esk["inductionSessions"]!.GetValue<int>());
        Assert.Equal(28, esk["inductionWindowDays"]!.GetValue<int>());
        Assert.Equal(120, esk["monitoringMinutes"]!.GetValue<int>());
        Assert.Equal(165, esk["sessionLengthMinutes"]!.GetValue<int>()); // 15 + 10 + 120 + 15 = 160, rounded up to the grid
        Assert.Equal(["Monday", "Thursday"], esk["inductionWeekdays"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal([56], esk["doses"]![0]!["milligramOptions"]!.AsArray().Select(d => d!.GetValue<int>()));
        Assert.False(esk["isRetired"]!.GetValue<bool>());
        var iv = items.Single(p => p["code"]!.GetValue<string>() == "IV-KETAMINE");
        Assert.Equal(6, iv["inductionSessions"]!.GetValue<int>());
        Assert.Equal(["Monday", "Wednesday", "Friday"], iv["inductionWeekdays"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(3, iv["maintenanceSessionsPerReevaluation"]!.GetValue<int>());
        Assert.Equal(0.5m, iv["doses"]![0]!["mgPerKgDefault"]!.GetValue<decimal>());
        Assert.Empty(iv["doses"]![0]!["milligramOptions"]!.AsArray());
        Assert.Contains(items, p => p["code"]!.GetValue<string>() == "ESK-MDD-SI");
    }

    [Fact]
    public async Task A_protocol_is_created_with_location_and_etag_and_once_retired_stays_readable_but_leaves_the_default_list()
    {
        using var admin = Api.ClientFor(Role.ClinicAdmin);
        var code = UniqueCode("IV4");

        var created = await admin.PostAsync("/api/v1/protocols", Json(ValidIvProtocol(code).ToJsonString()));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var body = await created.ReadObjectAsync();
        Assert.Equal($"/api/v1/protocols/{body["id"]}", created.Headers.Location!.ToString());
        Assert.Equal(195, body["sessionLengthMinutes"]!.GetValue<int>()); // 15 + 40 + 120 + 15 = 190, rounded up to the grid
        Assert.Equal(["Tuesday", "Friday"], body["inductionWeekdays"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Null(body["doses"]![0]!["lastSession"]);
        Assert.Contains(code, await ListedCodesAsync(admin, includeRetired: false));

        var retired = await admin.PostAsJsonAsync($"/api/v1/protocols/{body["id"]}/retirement", new { reason = "Superseded." });

        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.Equal("\"2\"", retired.Headers.ETag!.Tag);
        var stored = await (await admin.GetAsync(created.Headers.Location)).ReadObjectAsync();
        Assert.True(stored["isRetired"]!.GetValue<bool>());
        Assert.Equal("Superseded.", stored["retirementReason"]!.GetValue<string>());
        Assert.Equal(Api.Clock.GetUtcNow(), DateTimeOffset.Parse(stored["retiredAt"]!.GetValue<string>()));
        Assert.DoesNotContain(code, await ListedCodesAsync(admin, includeRetired: false));
        Assert.Contains(code, await ListedCodesAsync(admin, includeRetired: true));

        var again = await admin.PostAsJsonAsync($"/api/v1/protocols/{body["id"]}/retirement", new { reason = "Twice." });
        Assert.Equal("protocol.already-retired", (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        var reused = await admin.PostAsync("/api/v1/protocols", Json(ValidIvProtocol(code).ToJsonString()));
        Assert.Equal("protocol.code-taken", (await reused.ShouldBeProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_esketamine_protocol_with_device_doses_is_accepted()
    {
        using var admin = Api.ClientFor(Role.ClinicAdmin);

        var created = await admin.PostAsync("/api/v1/protocols", Json(ValidEsketamineProtocol(UniqueCode("ESK")).ToJsonString()));

        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal(165, (await created.ReadObjectAsync())["sessionLengthMinutes"]!.GetValue<int>());
    }

    public static TheoryData<string, string, string> InvalidProtocols => new()
    {
        // because, field expected in errors, JSON patch applied to the valid IV protocol (or "esk:" for the esketamine one)
        { "code lower case", "code", """{"code":"iv-lower"}""" },
        { "no sessions", "inductionSessions", """{"inductionSessions":0}""" },
        { "too many sessions", "inductionSessions", """{"inductionSessions":53}""" },
        { "window too long", "inductionWindowDays", """{"inductionWindowDays":367}""" },
        { "window too short for the spacing", "inductionWindowDays", """{"inductionWindowDays":5}""" },
        { "min days zero", "inductionMinDaysBetweenDoses", """{"inductionMinDaysBetweenDoses":0}""" },
        { "eight a week", "inductionMaxSessionsPerWeek", """{"inductionMaxSessionsPerWeek":8}""" },
        { "no weekdays", "inductionWeekdays", """{"inductionWeekdays":[]}""" },
        { "weekday twice", "inductionWeekdays", """{"inductionWeekdays":["Monday","Monday"]}""" },
        { "minutes over 600", "dosingMinutes", """{"dosingMinutes":601}""" },
        { "indication does not fit", "indication", """{"indication":"TreatmentResistantDepression"}""" },
        { "no doses", "doses", """{"doses":[]}""" },
        { "IV with milligrams", "doses[0].milligramOptions", """{"doses":[{"phase":"Induction","firstSession":1,"milligramOptions":[50],"mgPerKgMin":0.1,"mgPerKgMax":0.75,"mgPerKgDefault":0.5},{"phase":"Maintenance","firstSession":1,"mgPerKgMin":0.1,"mgPerKgMax":0.75,"mgPerKgDefault":0.5}]}""" },
        { "IV default above max", "doses[0].mgPerKgDefault", """{"doses":[{"phase":"Induction","firstSession":1,"mgPerKgMin":0.1,"mgPerKgMax":0.75,"mgPerKgDefault":0.9},{"phase":"Maintenance","firstSession":1,"mgPerKgMin":0.1,"mgPerKgMax":0.75,"mgPerKgDefault":0.5}]}""" },
        { "IV mg/kg out of range", "doses[0].mgPerKgMax", """{"doses":[{"phase":"Induction","firstSession":1,"mgPerKgMin":0.1,"mgPerKgMax":2.5,"mgPerKgDefault":0.5},{"phase":"Maintenance","firstSession":1,"mgPerKgMin":0.1,"mgPerKgMax":0.75,"mgPerKgDefault":0.5}]}""" },
        { "induction session uncovered", "doses", """{"doses":[{"phase":"Induction","firstSession":2,"mgPerKgMin":0.1,"mgPerKgMax":0.75,"mgPerKgDefault":0.5},{"phase":"Maintenance","firstSession":1,"mgPerKgMin":0.1,"mgPerKgMax":0.75,"mgPerKgDefault":0.5}]}""" },
        { "dose in the reassessment phase", "doses[0].phase", """{"doses":[{"phase":"Reassessment","firstSession":1,"mgPerKgMin":0.1,"mgPerKgMax":0.75,"mgPerKgDefault":0.5}]}""" },
        { "esketamine monitoring under 120", "monitoringMinutes", """esk:{"monitoringMinutes":90}""" },
        { "esketamine dose not whole devices", "doses[1].milligramOptions", """esk:{"doses":[{"phase":"Induction","firstSession":1,"lastSession":1,"milligramOptions":[56]},{"phase":"Induction","firstSession":2,"milligramOptions":[56,70]},{"phase":"Maintenance","firstSession":1,"milligramOptions":[56]}]}""" },
        { "esketamine dose above 84", "doses[0].milligramOptions", """esk:{"doses":[{"phase":"Induction","firstSession":1,"milligramOptions":[112]},{"phase":"Maintenance","firstSession":1,"milligramOptions":[56]}]}""" },
        { "esketamine dose by weight", "doses[0].mgPerKgMin", """esk:{"doses":[{"phase":"Induction","firstSession":1,"milligramOptions":[56],"mgPerKgMin":0.2},{"phase":"Maintenance","firstSession":1,"milligramOptions":[56]}]}""" },
        { "unknown field", "sessions", """{"sessions":4}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidProtocols))]
    public async Task A_bad_protocol_gets_400_naming_the_field_and_nothing_is_stored(string because, string field, string patch)
    {
        using var admin = Api.ClientFor(Role.ClinicAdmin);
        var code = UniqueCode("BAD");
        var esketamine = patch.StartsWith("esk:", StringComparison.Ordinal);
        var body = esketamine ? ValidEsketamineProtocol(code) : ValidIvProtocol(code);
        foreach (var (key, value) in JsonNode.Parse(esketamine ? patch[4..] : patch)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        var response = await admin.PostAsync("/api/v1/protocols", Json(body.ToJsonString()));

        var fields = await response.ShouldBeValidationProblemAsync();
        Assert.True(fields.Contains(field), $"{because}: expected an error for '{field}', got {string.Join(", ", fields)}");
        Assert.DoesNotContain(body["code"]!.GetValue<string>(), await ListedCodesAsync(admin, includeRetired: true));
    }

    [Fact]
    public async Task Only_a_clinic_admin_creates_or_retires_protocols_and_every_role_reads_them()
    {
        using var desk = Api.ClientFor(Role.FrontDesk);
        using var clinician = Api.ClientFor(Role.Clinician);
        using var integrator = Api.ClientFor(Role.Integrator);

        await (await desk.PostAsync("/api/v1/protocols", Json(ValidIvProtocol(UniqueCode("FD")).ToJsonString()))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await clinician.PostAsJsonAsync("/api/v1/protocols/9a000000-0000-4000-8000-000000000003/retirement", new { reason = "No." }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync("/api/v1/protocols/9a000000-0000-4000-8000-000000000003")).StatusCode);
        await (await integrator.GetAsync($"/api/v1/protocols/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<List<string>> ListedCodesAsync(HttpClient client, bool includeRetired)
    {
        var list = await (await client.GetAsync($"/api/v1/protocols?pageSize=100&includeRetired={(includeRetired ? "true" : "false")}")).ReadObjectAsync();
        return [.. list["items"]!.AsArray().Select(p => p!["code"]!.GetValue<string>())];
    }
}
