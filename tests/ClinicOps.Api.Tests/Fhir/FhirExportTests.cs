using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Api.Tests.TreatmentDay;
using static ClinicOps.Api.Tests.Harness.Http;
using static ClinicOps.Api.Tests.TreatmentDay.TreatmentDays;

namespace ClinicOps.Api.Tests.Fhir;

public sealed class FhirExportTestsOnSqlite(SqliteApiFixture fixture) : FhirExportTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class FhirExportTestsOnPostgres(PostgresApiFixture fixture) : FhirExportTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>
/// Whole treatment days exported as FHIR R4 and checked by an independent validator (Medplum's, from npm): every
/// resource against the base R4 definitions and the HL7 vital-signs profiles it claims. Source of the codes:
/// DOMAIN.md "Codes for interoperability".
/// </summary>
public abstract class FhirExportTests(ApiFixture fixture)
{
    private const string VitalSigns = "http://hl7.org/fhir/StructureDefinition/vitalsigns";

    private static async Task<JsonObject> FhirAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static IEnumerable<JsonObject> Resources(JsonObject bundle, string type) =>
        bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Where(r => r["resourceType"]!.GetValue<string>() == type);

    private static IEnumerable<string> Codes(JsonObject resource) => resource["code"]!["coding"]!.AsArray().Select(c => c!["code"]!.GetValue<string>());

    [Fact]
    public async Task A_whole_esketamine_session_exports_as_a_collection_bundle_that_validates_with_no_errors()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, _, patient, appointment) = await api.BookedSessionAsync(ivKetamine: false);
        var session = await api.WholeEsketamineSessionAsync(site, appointment);
        using var integrator = api.ClientFor(Role.Integrator, site);

        var bundle = await FhirAsync(integrator, $"/api/v1/sessions/{session}/fhir");

        var report = await FhirValidator.ShouldValidateAsync(bundle);
        Assert.Equal(("Bundle", "collection"), (bundle["resourceType"]!.GetValue<string>(), bundle["type"]!.GetValue<string>()));
        Assert.Equal(bundle["entry"]!.AsArray().Count + 1, report.Count);
        Assert.Equal(patient.ToString(), Assert.Single(Resources(bundle, "Patient"))["id"]!.GetValue<string>());

        // Five readings (pre-dose, the corrected 40-minute one counted once, 16:25, 17:00): four vital signs each.
        var observations = Resources(bundle, "Observation").ToList();
        var vitals = observations.Where(o => o["meta"]?["profile"] is not null).ToList();
        Assert.Equal(4 * 4, vitals.Count);
        Assert.All(vitals, o =>
        {
            Assert.Contains(VitalSigns, o["meta"]!["profile"]!.AsArray().Select(p => p!.GetValue<string>()));
            Assert.Equal("vital-signs", o["category"]![0]!["coding"]![0]!["code"]!.GetValue<string>());
            Assert.Equal($"Patient/{patient}", o["subject"]!["reference"]!.GetValue<string>());
            Assert.NotNull(o["effectiveDateTime"]);
            Assert.False(string.IsNullOrEmpty(o["performer"]![0]!["identifier"]!["value"]!.GetValue<string>()));
        });
        Assert.All(report.Where(r => r.ResourceType == "Observation" && r.Profiles.Count > 0), r => Assert.Equal(2, r.Profiles.Count));

        var pressures = vitals.Where(o => Codes(o).Contains("85354-9")).ToList();
        Assert.Equal(4, pressures.Count);
        var peak = pressures.Single(o => o["effectiveDateTime"]!.GetValue<string>() == "2026-11-23T15:50:00.000Z");
        Assert.Null(peak["valueQuantity"]);
        Assert.Equal(["8480-6:182:mm[Hg]", "8462-4:96:mm[Hg]"], peak["component"]!.AsArray()
            .Select(c => $"{c!["code"]!["coding"]![0]!["code"]}:{c["valueQuantity"]!["value"]}:{c["valueQuantity"]!["code"]}"));
        var oxygen = vitals.Where(o => Codes(o).Contains("2708-6")).ToList();
        Assert.Equal(4, oxygen.Count);
        Assert.All(oxygen, o => Assert.Equal(["2708-6", "59408-5"], Codes(o)));
        Assert.All(oxygen, o => Assert.Equal(("%", "http://unitsofmeasure.org"), (o["valueQuantity"]!["code"]!.GetValue<string>(), o["valueQuantity"]!["system"]!.GetValue<string>())));
        Assert.Equal(4, vitals.Count(o => Codes(o).SequenceEqual(["9279-1"])));

        // The corrected heart rate keeps the id of the reading it corrects, with the corrected value and status.
        var heartRates = vitals.Where(o => Codes(o).SequenceEqual(["8867-4"])).ToList();
        var corrected = Assert.Single(heartRates, o => o["status"]!.GetValue<string>() == "corrected");
        Assert.Equal((90m, "/min"), (corrected["valueQuantity"]!["value"]!.GetValue<decimal>(), corrected["valueQuantity"]!["code"]!.GetValue<string>()));
        Assert.Equal(peak["id"]!.GetValue<string>().Replace("-bp", "-hr", StringComparison.Ordinal), corrected["id"]!.GetValue<string>());

        var phq9 = Assert.Single(observations, o => Codes(o).SequenceEqual(["44261-6"]));
        Assert.Equal((8, "survey"), (phq9["valueQuantity"]!["value"]!.GetValue<int>(), phq9["category"]![0]!["coding"]![0]!["code"]!.GetValue<string>()));

        var administrations = Resources(bundle, "MedicationAdministration").ToList();
        Assert.Equal(["24JG123", "24JG124"], administrations.Select(a => a["contained"]![0]!["batch"]!["lotNumber"]!.GetValue<string>()));
        Assert.Equal(["2026-11-23T15:10:00.000Z", "2026-11-23T15:15:00.000Z"], administrations.Select(a => a["effectiveDateTime"]!.GetValue<string>()));
        Assert.All(administrations, a => Assert.Equal(("completed", 28m), (a["status"]!.GetValue<string>(), a["dosage"]!["dose"]!["value"]!.GetValue<decimal>())));

        // Exporting again yields the same resources under the same ids: a receiving EHR updates, never duplicates.
        var again = await FhirAsync(integrator, $"/api/v1/sessions/{session}/fhir");
        Assert.Equal(bundle["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Equal(bundle["entry"]!.ToJsonString(), again["entry"]!.ToJsonString());
        var ids = bundle["entry"]!.AsArray().Select(e => $"{e!["resource"]!["resourceType"]}/{e["resource"]!["id"]}").ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_whole_IV_ketamine_session_exports_the_infusion_and_every_reading_with_no_validation_errors()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, _, _, appointment) = await api.BookedSessionAsync(ivKetamine: true);
        var session = await api.WholeIvKetamineSessionAsync(site, appointment);
        using var clinician = api.ClientFor(Role.Clinician, site);

        var bundle = await FhirAsync(clinician, $"/api/v1/sessions/{session}/fhir");

        await FhirValidator.ShouldValidateAsync(bundle);
        var infusion = Assert.Single(Resources(bundle, "MedicationAdministration"));
        Assert.Equal(("completed", "2026-11-23T15:05:00.000Z", "2026-11-23T15:45:00.000Z", 35m), (
            infusion["status"]!.GetValue<string>(), infusion["effectivePeriod"]!["start"]!.GetValue<string>(),
            infusion["effectivePeriod"]!["end"]!.GetValue<string>(), infusion["dosage"]!["dose"]!["value"]!.GetValue<decimal>()));
        Assert.Equal("47625008", infusion["dosage"]!["route"]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal((1 + 4 + 9) * 4, Resources(bundle, "Observation").Count(o => o["meta"]?["profile"] is not null));
    }

    [Fact]
    public async Task The_validator_is_not_a_rubber_stamp_it_rejects_a_vital_sign_without_subject_or_category()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, _, _, appointment) = await api.BookedSessionAsync(ivKetamine: false);
        using var nurse = api.ClientFor(Role.Nurse, site);
        var session = await api.CheckInAsync(nurse, appointment);
        using var integrator = api.ClientFor(Role.Integrator, site);
        var bundle = await FhirAsync(integrator, $"/api/v1/sessions/{session}/fhir");
        var heartRate = Resources(bundle, "Observation").Single(o => Codes(o).SequenceEqual(["8867-4"]));
        await FhirValidator.ShouldValidateAsync(heartRate);

        var broken = heartRate.DeepClone().AsObject();
        broken.Remove("subject");
        broken.Remove("category");
        broken["code"]!["coding"]![0]!["code"] = "8867-5";
        var issues = Assert.Single(await FhirValidator.ValidateAsync(broken)).Issues;

        Assert.Contains(issues, i => i.Contains("Observation.subject", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Contains("Observation.category", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Contains("HeartRateCode", StringComparison.Ordinal));

        var pressure = Resources(bundle, "Observation").Single(o => Codes(o).SequenceEqual(["85354-9"]));
        await FhirValidator.ShouldValidateAsync(pressure);
        var noSystolic = pressure.DeepClone().AsObject();
        noSystolic["component"]!.AsArray().RemoveAt(0);
        Assert.Contains(Assert.Single(await FhirValidator.ValidateAsync(noSystolic)).Issues, i => i.Contains("SystolicBP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_patients_observations_page_with_since_and_next_links_and_bad_parameters_are_400()
    {
        await using var api = new ApiFactory(fixture.Provider, fixture.ConnectionString);
        var (site, _, patient, appointment) = await api.BookedSessionAsync(ivKetamine: false);
        var session = await api.WholeEsketamineSessionAsync(site, appointment);
        using var integrator = api.ClientFor(Role.Integrator, site);
        var expected = Resources(await FhirAsync(integrator, $"/api/v1/sessions/{session}/fhir"), "Observation").Select(o => o["id"]!.GetValue<string>()).Order().ToList();

        var seen = new List<(string Id, string LastUpdated)>();
        var pages = 0;
        string? next = $"/api/v1/patients/{patient}/fhir/observations?_count=5";
        while (next is not null)
        {
            var page = await FhirAsync(integrator, next);
            await FhirValidator.ShouldValidateAsync(page);
            Assert.Equal(("searchset", expected.Count), (page["type"]!.GetValue<string>(), page["total"]!.GetValue<int>()));
            seen.AddRange(page["entry"]!.AsArray().Select(e => (e!["resource"]!["id"]!.GetValue<string>(), e["resource"]!["meta"]!["lastUpdated"]!.GetValue<string>())));
            next = page["link"]!.AsArray().SingleOrDefault(l => l!["relation"]!.GetValue<string>() == "next")?["url"]!.GetValue<string>();
            pages++;
        }

        Assert.Equal(expected, seen.Select(s => s.Id).Order());
        Assert.Equal((expected.Count + 4) / 5, pages);
        Assert.Equal(seen.Select(s => s.LastUpdated).Order(StringComparer.Ordinal), seen.Select(s => s.LastUpdated));

        // Polling from an instant brings exactly what changed at or after it.
        var since = seen[seen.Count / 2].LastUpdated;
        var recent = await FhirAsync(integrator, $"/api/v1/patients/{patient}/fhir/observations?_since={Uri.EscapeDataString(since)}&_count=100");
        Assert.Equal(seen.Where(s => string.CompareOrdinal(s.LastUpdated, since) >= 0).Select(s => s.Id).Order(),
            recent["entry"]!.AsArray().Select(e => e!["resource"]!["id"]!.GetValue<string>()).Order());
        Assert.True(recent["total"]!.GetValue<int>() < expected.Count);

        Assert.Contains("_since", await (await integrator.GetAsync($"/api/v1/patients/{patient}/fhir/observations?_since=2026-11-23T15:00:00")).ShouldBeValidationProblemAsync());
        Assert.Contains("_since", await (await integrator.GetAsync($"/api/v1/patients/{patient}/fhir/observations?_since=yesterday")).ShouldBeValidationProblemAsync());
        Assert.Contains("_count", await (await integrator.GetAsync($"/api/v1/patients/{patient}/fhir/observations?_count=0")).ShouldBeValidationProblemAsync());
        Assert.Contains("_count", await (await integrator.GetAsync($"/api/v1/patients/{patient}/fhir/observations?_count=101")).ShouldBeValidationProblemAsync());
        await (await integrator.GetAsync($"/api/v1/patients/{Guid.NewGuid()}/fhir/observations")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // Site scope: another site's integrator sees neither the session nor the patient.
        var otherSite = await api.CreateSiteAsync();
        using var stranger = api.ClientFor(Role.Integrator, otherSite);
        await (await stranger.GetAsync($"/api/v1/sessions/{session}/fhir")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/v1/patients/{patient}/fhir/observations")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // Every export is audited (ids only).
        using var admin = api.ClientFor(Role.ClinicAdmin, site);
        var trail = await admin.GetAsync($"/api/v1/audit-entries?patientId={patient}&action=Read&pageSize=100").OkAsync();
        var operations = trail["items"]!.AsArray().Select(e => e!["operation"]?.GetValue<string>()).ToList();
        Assert.Contains("GET /api/v1/sessions/{id:guid}/fhir", operations);
        Assert.Contains("GET /api/v1/patients/{patientId:guid}/fhir/observations", operations);
    }

}
