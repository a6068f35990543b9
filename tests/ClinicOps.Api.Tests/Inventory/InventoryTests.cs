using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.Inventory;

public sealed class InventoryTestsOnSqlite(SqliteApiFixture fixture) : InventoryTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class InventoryTestsOnPostgres(PostgresApiFixture fixture) : InventoryTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>Schedule III stock over HTTP: receipts, draws by doses, waste, counts, adjustments and races for the last units.</summary>
public abstract class InventoryTests(ApiFixture fixture)
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    private static JsonObject CheckIn() => new()
    {
        ["rideConfirmed"] = true, ["rideDetails"] = "Partner drives.", ["fastingAcknowledged"] = true, ["medications"] = new JsonArray(),
        ["pregnancy"] = "NotPregnant", ["phq9"] = new JsonArray(1, 1, 1, 2, 1, 1, 1, 0, 0), ["supervisingPrescriber"] = "dr-lee", ["pulseOximeterOnsite"] = true,
    };

    private static JsonObject PreDoseVitals() => new()
    {
        ["measuredAt"] = "2026-11-23T14:51:00Z", ["systolic"] = 128, ["diastolic"] = 80, ["heartRate"] = 74, ["spO2"] = 98, ["respiratoryRate"] = 14,
        ["moaas"] = 5, ["dissociation"] = "None",
    };

    private static string Dose(params string[] lots) => new JsonObject
    {
        ["doseMg"] = 28 * lots.Length,
        ["devices"] = new JsonArray([.. lots.Select((l, i) => (JsonNode)new JsonObject { ["lotNumber"] = l, ["administeredAt"] = Iso(At("2026-11-23T15:10:00Z").AddMinutes(5 * i)) })]),
    }.ToJsonString();

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A clinic with <paramref name="count"/> esketamine patients checked in at 09:00 local (15:00 UTC) on 2026-11-23 with a pre-dose BP; the clock at 15:20 UTC.</summary>
    private static async Task<(Guid Site, Guid[] Sessions)> CheckedInSessionsAsync(ApiFactory api, int count)
    {
        var (site, chairs) = await api.ClinicAsync(chairs: count);
        using var desk = api.ClientFor(Role.FrontDesk, site);
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        var appointments = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var patient = await api.ClearedPatientAsync(site, familyName: $"Quinn{i}");
            await api.EnrollInRemsAsync(site, patient);
            var course = await api.CourseAsync(site, patient, EsketamineTrd);
            var booked = await desk.BookAsync(course, Session("2026-11-23", "09:00", chairs[i]));
            Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
            appointments.Add((await booked.Content.ReadFromJsonNodeAsync())[0]!["id"]!.GetValue<Guid>());
        }

        api.Clock.Advance(At("2026-11-23T14:50:00Z") - api.Clock.GetUtcNow());
        var sessions = new List<Guid>();
        foreach (var appointment in appointments)
        {
            var opened = await nurse.PostAsync($"/api/v1/appointments/{appointment}/check-in", Json(CheckIn().ToJsonString()));
            Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
            var id = (await opened.ReadObjectAsync())["id"]!.GetValue<Guid>();
            Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsync($"/api/v1/sessions/{id}/vitals", Json(PreDoseVitals().ToJsonString()))).StatusCode);
            sessions.Add(id);
        }

        api.Clock.Advance(At("2026-11-23T15:20:00Z") - api.Clock.GetUtcNow());
        return (site, [.. sessions]);
    }

    private static async Task<JsonObject> LedgerAsync(HttpClient client, Guid lot)
    {
        var response = await client.GetAsync($"/api/v1/inventory/lots/{lot}/ledger");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadObjectAsync();
    }

    [Fact]
    public async Task Ten_parallel_doses_against_a_lot_with_three_devices_left_give_exactly_three_successes()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, sessions) = await CheckedInSessionsAsync(api, 10);
        var scarce = await api.ReceiveAsync(site, "EsketamineDevice28Mg", "SCARCE-3", 3);
        var plenty = await api.ReceiveAsync(site, "EsketamineDevice28Mg", "PLENTY-20", 20);
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);

        // Each 56 mg dose uses one device of each lot, so the scarce lot decides: exactly three doses can be given.
        var responses = await Task.WhenAll(sessions.Select(s => nurse.PostAsync($"/api/v1/sessions/{s}/dose", Json(Dose("SCARCE-3", "PLENTY-20")))));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(7, refused.Count);
        foreach (var response in refused)
        {
            Assert.Equal("dose.lot-unavailable", (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        }

        var scarceLedger = await LedgerAsync(nurse, scarce);
        Assert.Equal((0, 3), (scarceLedger["lot"]!["onHand"]!.GetValue<int>(), scarceLedger["entries"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "Dose")));
        var plentyLedger = await LedgerAsync(nurse, plenty);
        Assert.Equal((17, 17), (plentyLedger["lot"]!["onHand"]!.GetValue<int>(), plentyLedger["entries"]!.AsArray().Last()!["balance"]!.GetValue<int>()));

        // A refused dose left its session undosed: nothing of it was stored.
        var dosed = 0;
        foreach (var session in sessions)
        {
            var read = await (await nurse.GetAsync($"/api/v1/sessions/{session}")).ReadObjectAsync();
            dosed += read["dose"] is null ? 0 : 1;
        }

        Assert.Equal(3, dosed);
    }

    [Fact]
    public async Task A_dose_naming_an_expired_an_unknown_or_an_empty_lot_is_refused_and_a_good_one_draws_it_down()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, sessions) = await CheckedInSessionsAsync(api, 1);
        await api.ReceiveAsync(site, "EsketamineDevice28Mg", "OLD-1", 5, expiresOn: "2026-11-22");
        var good = await api.ReceiveAsync(site, "EsketamineDevice28Mg", "GOOD-1", 4, expiresOn: "2026-11-23");
        await api.ReceiveAsync(site, "KetamineVial", "VIAL-1", 4);
        var otherSite = (await api.ClinicAsync()).Site;
        await api.ReceiveAsync(otherSite, "EsketamineDevice28Mg", "ELSEWHERE", 5);
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        var url = $"/api/v1/sessions/{sessions[0]}/dose";

        async Task<List<string>> RefusedAsync(string body)
        {
            var problem = await (await nurse.PostAsync(url, Json(body))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("dose.lot-unavailable", problem["code"]!.GetValue<string>());
            return [.. problem["reasons"]!.AsArray().Select(r => r!.GetValue<string>().Split(':')[0])];
        }

        Assert.Equal(["Expired"], await RefusedAsync(Dose("OLD-1", "GOOD-1")));
        Assert.Equal(["NotInStock"], await RefusedAsync(Dose("GOOD-1", "ELSEWHERE")));
        Assert.Equal(["NotInStock"], await RefusedAsync(Dose("GOOD-1", "VIAL-1")));
        using var admin = api.ClientFor("admin-1", [Role.ClinicAdmin], [site]);
        var adjustments = $"/api/v1/inventory/lots/{good}/adjustments";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync(adjustments, Json("""{"quantity":-3,"reason":"Three devices recalled by the manufacturer."}"""))).StatusCode);
        Assert.Equal(["Insufficient"], await RefusedAsync(Dose("GOOD-1", "GOOD-1")));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync(adjustments, Json("""{"quantity":1,"reason":"One recalled device was returned in error."}"""))).StatusCode);
        var dosed = await nurse.PostAsync(url, Json(Dose("GOOD-1", "GOOD-1")));
        Assert.True(dosed.StatusCode == HttpStatusCode.OK, await dosed.Content.ReadAsStringAsync());
        var ledger = await LedgerAsync(nurse, good);
        Assert.Equal(["Receipt", "Adjustment", "Adjustment", "Dose"], ledger["entries"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
        Assert.Equal(sessions[0], ledger["entries"]![3]!["sessionId"]!.GetValue<Guid>());
        Assert.Equal(0, ledger["lot"]!["onHand"]!.GetValue<int>());
    }

    [Fact]
    public async Task Waste_needs_a_second_user_a_count_flags_a_discrepancy_and_only_an_adjustment_corrects_the_append_only_ledger()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, _) = await api.ClinicAsync();
        var vials = await api.ReceiveAsync(site, "KetamineVial", "KX-1", 6, expiresOn: "2026-12-10");
        await api.ReceiveAsync(site, "EsketamineDevice28Mg", "LONG-1", 8, expiresOn: "2027-03-31");
        var emptied = await api.ReceiveAsync(site, "EsketamineDevice28Mg", "SOON-0", 1, expiresOn: "2026-12-01");
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        using var admin = api.ClientFor("admin-1", [Role.ClinicAdmin], [site]);

        var selfWitnessed = await nurse.PostAsync($"/api/v1/inventory/lots/{vials}/waste", Json("""{"quantity":1,"reason":"Partial vial discarded.","witnessedBy":"nurse-jordan"}"""));
        Assert.Equal("inventory.witness-required", (await selfWitnessed.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Contains("witnessedBy", await (await nurse.PostAsync($"/api/v1/inventory/lots/{vials}/waste", Json("""{"quantity":1,"reason":"Partial vial discarded."}"""))).ShouldBeValidationProblemAsync());
        var waste = await (await nurse.PostAsync($"/api/v1/inventory/lots/{vials}/waste", Json("""{"quantity":1,"reason":"Partial vial: 150 mg of 500 mg discarded.","witnessedBy":"nurse-sam"}"""))).ReadObjectAsync();
        Assert.Equal(("nurse-sam", -1, 5), (waste["witnessedBy"]!.GetValue<string>(), waste["quantity"]!.GetValue<int>(), waste["balance"]!.GetValue<int>()));
        var tooMuch = await nurse.PostAsync($"/api/v1/inventory/lots/{emptied}/waste", Json("""{"quantity":2,"reason":"Dropped.","witnessedBy":"nurse-sam"}"""));
        Assert.Equal("inventory.insufficient", (await tooMuch.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await nurse.PostAsync($"/api/v1/inventory/lots/{emptied}/waste", Json("""{"quantity":1,"reason":"Device dropped, sprayed.","witnessedBy":"nurse-sam"}"""))).StatusCode);

        // Lots with stock, and those expiring within 30 days (today is 2026-11-21 at the site); the emptied lot is in neither.
        var onHand = await (await nurse.GetAsync($"/api/v1/sites/{site}/inventory/lots")).Content.ReadFromJsonNodeAsync();
        Assert.Equal(["LONG-1", "KX-1"], onHand.AsArray().Select(l => l!["lotNumber"]!.GetValue<string>()));
        var expiring = await (await nurse.GetAsync($"/api/v1/sites/{site}/inventory/lots?expiringWithinDays=30")).Content.ReadFromJsonNodeAsync();
        Assert.Equal(("KX-1", 5), (Assert.Single(expiring.AsArray())!["lotNumber"]!.GetValue<string>(), expiring[0]!["onHand"]!.GetValue<int>()));

        var count = await (await nurse.PostAsync($"/api/v1/inventory/lots/{vials}/counts", Json("""{"counted":4,"note":"End-of-day count."}"""))).ReadObjectAsync();
        Assert.Equal((5, -1, true), (count["ledgerOnHand"]!.GetValue<int>(), count["discrepancy"]!.GetValue<int>(), count["flagged"]!.GetValue<bool>()));
        var countId = count["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsync($"/api/v1/inventory/lots/{vials}/adjustments", Json("""{"quantity":-1,"reason":"Missing vial."}"""))).StatusCode);
        Assert.Contains("reason", await (await admin.PostAsync($"/api/v1/inventory/lots/{vials}/adjustments", Json("""{"quantity":-1}"""))).ShouldBeValidationProblemAsync());
        var adjustment = await (await admin.PostAsync($"/api/v1/inventory/lots/{vials}/adjustments",
            Json(new JsonObject { ["quantity"] = -1, ["reason"] = "One vial missing after investigation; DEA Form 106 filed.", ["countId"] = countId }.ToJsonString()))).ReadObjectAsync();
        Assert.Equal((countId, 4), (adjustment["reconciliationId"]!.GetValue<Guid>(), adjustment["balance"]!.GetValue<int>()));
        var clean = await (await nurse.PostAsync($"/api/v1/inventory/lots/{vials}/counts", Json("""{"counted":4}"""))).ReadObjectAsync();
        Assert.False(clean["flagged"]!.GetValue<bool>());

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicOpsDbContext>();
        var audited = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "InventoryCount" && e.EntityId == countId.ToString()).CountAsync();
        Assert.Equal(1, audited);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"LedgerEntries\" SET \"Quantity\" = 100"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"InventoryCounts\""));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"InventoryLots\" SET \"OnHand\" = -1"));
        var ledger = await LedgerAsync(nurse, vials);
        Assert.Equal(["Receipt", "Waste", "Adjustment"], ledger["entries"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
    }
}
