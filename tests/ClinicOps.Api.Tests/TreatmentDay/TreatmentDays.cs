using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.Inventory.Inventory;
using static ClinicOps.Api.Tests.Scheduling.Scheduling;

namespace ClinicOps.Api.Tests.TreatmentDay;

/// <summary>Steps of a treatment day over HTTP, shared by the FHIR export and observation board tests.</summary>
public static class TreatmentDays
{
    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A clinic with one booked dosing session on Monday 2026-11-23 at 09:00 Chicago (15:00Z) on its first chair.</summary>
    public static async Task<(Guid Site, Guid[] Chairs, Guid Patient, Guid Appointment)> BookedSessionAsync(this ApiFactory api, bool ivKetamine, int chairs = 2, string familyName = "Quinn")
    {
        var (site, chairIds) = await api.ClinicAsync(chairs);
        await api.StockLotsAsync(site);
        var (patient, appointment) = await api.BookAnotherAsync(site, chairIds[0], ivKetamine, familyName);
        return (site, chairIds, patient, appointment);
    }

    /// <summary>Every dose draws from the site's Schedule III stock: the lots the scenarios name are received first.</summary>
    public static async Task StockLotsAsync(this ApiFactory api, Guid site)
    {
        foreach (var lot in new[] { "24JG123", "24JG124", "A1" })
        {
            await api.ReceiveAsync(site, "EsketamineDevice28Mg", lot, 20);
        }

        await api.ReceiveAsync(site, "KetamineVial", "KX2291", 20);
    }

    /// <summary>Another cleared patient booked at the site on the chair, same morning.</summary>
    public static async Task<(Guid Patient, Guid Appointment)> BookAnotherAsync(this ApiFactory api, Guid site, Guid chair, bool ivKetamine, string familyName = "Quinn")
    {
        var patient = await api.ClearedPatientAsync(site, ivKetamine, familyName);
        if (!ivKetamine)
        {
            await api.EnrollInRemsAsync(site, patient);
        }

        var course = await api.CourseAsync(site, patient, ivKetamine ? IvKetamine : EsketamineTrd);
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var booked = await desk.BookAsync(course, Session("2026-11-23", "09:00", chair));
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        return (patient, (await booked.Content.ReadFromJsonNodeAsync())[0]!["id"]!.GetValue<Guid>());
    }

    public static JsonObject CheckInBody() => new()
    {
        ["rideConfirmed"] = true,
        ["rideDetails"] = "Partner drives; confirmed by phone.",
        ["fastingAcknowledged"] = true,
        ["medications"] = new JsonArray(),
        ["pregnancy"] = "NotPregnant",
        ["phq9"] = new JsonArray(1, 1, 1, 2, 1, 1, 1, 0, 0),
        ["supervisingPrescriber"] = "dr-lee",
        ["pulseOximeterOnsite"] = true,
    };

    public static JsonObject Vitals(DateTimeOffset at, int systolic = 128, int diastolic = 80, int moaas = 5, int spo2 = 98, string dissociation = "None", int heartRate = 74) => new()
    {
        ["measuredAt"] = Iso(at), ["systolic"] = systolic, ["diastolic"] = diastolic, ["heartRate"] = heartRate, ["spO2"] = spo2, ["respiratoryRate"] = 14,
        ["moaas"] = moaas, ["dissociation"] = dissociation,
    };

    public static async Task<JsonObject> OkAsync(this Task<HttpResponseMessage> sending, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body) => client.PostAsync(path, Json(body.ToJsonString()));

    public static void MoveTo(this ApiFactory api, string utc) => api.Clock.Advance(At(utc) - api.Clock.GetUtcNow());

    /// <summary>Checks in at 14:50Z with a pre-dose reading at 14:55Z; returns the session id.</summary>
    public static async Task<Guid> CheckInAsync(this ApiFactory api, HttpClient nurse, Guid appointment)
    {
        api.MoveTo("2026-11-23T14:50:00Z");
        var id = (await nurse.PostJsonAsync($"/api/v1/appointments/{appointment}/check-in", CheckInBody()).OkAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        api.MoveTo("2026-11-23T14:56:00Z");
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T14:55:00Z"))).OkAsync(HttpStatusCode.Created);
        return id;
    }

    /// <summary>
    /// A whole esketamine session (56 mg, two devices of lot 24JG123 from 15:10Z), with a blood-pressure alert at
    /// 40 minutes that a clinician resolves, a corrected heart rate, and discharge at 17:12Z. Returns the session id.
    /// </summary>
    public static async Task<Guid> WholeEsketamineSessionAsync(this ApiFactory api, Guid site, Guid appointment)
    {
        using var nurse = api.ClientFor("nurse-jordan", [Role.Nurse], [site]);
        using var clinician = api.ClientFor("dr-lee", [Role.Clinician], [site]);
        var id = await api.CheckInAsync(nurse, appointment);
        api.MoveTo("2026-11-23T15:15:00Z");
        await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""
            {"doseMg":56,"devices":[{"lotNumber":"24JG123","administeredAt":"2026-11-23T15:10:00Z"},{"lotNumber":"24JG124","administeredAt":"2026-11-23T15:15:00Z"}]}
            """)).OkAsync();
        api.MoveTo("2026-11-23T15:52:00Z");
        var peak = await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T15:50:00Z"), 182, 96, moaas: 4, dissociation: "Mild", heartRate: 190))
            .OkAsync(HttpStatusCode.Created);
        var correction = new JsonObject
        {
            ["reading"] = Vitals(At("2026-11-23T15:50:00Z"), 182, 96, moaas: 4, dissociation: "Mild", heartRate: 90),
            ["reason"] = "Heart rate typed as 190; the monitor showed 90.",
        };
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals/{peak["reading"]!["id"]}/corrections", correction).OkAsync(HttpStatusCode.Created);
        api.MoveTo("2026-11-23T16:05:00Z");
        var open = (await nurse.GetAsync($"/api/v1/sessions/{id}/status").OkAsync())["openAlerts"]!.AsArray();
        Assert.Contains(open, a => a!["kind"]!.GetValue<string>() == "HighBloodPressure");
        foreach (var alert in open)
        {
            await clinician.PostJsonAsync($"/api/v1/sessions/{id}/alerts/{alert!["id"]}/resolution", new JsonObject { ["note"] = "Rechecked 150/88; no symptoms." }).OkAsync();
        }

        api.MoveTo("2026-11-23T16:26:00Z");
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T16:25:00Z"), 138, 84)).OkAsync(HttpStatusCode.Created);
        api.MoveTo("2026-11-23T17:12:00Z");
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals", Vitals(At("2026-11-23T17:00:00Z"), 130, 80)).OkAsync(HttpStatusCode.Created);
        await nurse.PostAsync($"/api/v1/sessions/{id}/discharge", Json("""{"seriousAdverseEvent":false}""")).OkAsync();
        return id;
    }

    /// <summary>A whole IV ketamine session (70 kg × 0.5 mg/kg from 15:05Z to 15:45Z), readings every 10 then 15 minutes, discharge at 17:47Z.</summary>
    public static async Task<Guid> WholeIvKetamineSessionAsync(this ApiFactory api, Guid site, Guid appointment)
    {
        using var nurse = api.ClientFor("nurse-sam", [Role.Nurse], [site]);
        var id = await api.CheckInAsync(nurse, appointment);
        api.MoveTo("2026-11-23T15:06:00Z");
        await nurse.PostAsync($"/api/v1/sessions/{id}/dose", Json("""{"weightKg":70,"mgPerKg":0.5,"infusionStartedAt":"2026-11-23T15:05:00Z","vialLotNumbers":["KX2291"]}""")).OkAsync();
        api.MoveTo("2026-11-23T15:46:00Z");
        await nurse.PostAsync($"/api/v1/sessions/{id}/infusion-end", Json("""{"endedAt":"2026-11-23T15:45:00Z"}""")).OkAsync();
        var during = new JsonArray([.. new[] { 9, 19, 29, 39 }.Select(m => (JsonNode)Vitals(At("2026-11-23T15:00:00Z").AddMinutes(m), moaas: 4))]);
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals/batch", new JsonObject { ["readings"] = during }).OkAsync();
        api.MoveTo("2026-11-23T17:47:00Z");
        var after = new JsonArray([.. Enumerable.Range(0, 8).Select(i => (JsonNode)Vitals(At("2026-11-23T15:50:00Z").AddMinutes(15 * i)))]);
        after.Add(Vitals(At("2026-11-23T17:40:00Z")));
        await nurse.PostJsonAsync($"/api/v1/sessions/{id}/vitals/batch", new JsonObject { ["readings"] = after }).OkAsync();
        await nurse.PostAsync($"/api/v1/sessions/{id}/discharge", Json("""{"seriousAdverseEvent":false}""")).OkAsync();
        return id;
    }
}
