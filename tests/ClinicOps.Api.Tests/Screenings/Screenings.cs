using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Screenings;

/// <summary>Shared steps of the screening scenarios.</summary>
public static class Screenings
{
    /// <summary>A clean esketamine screening: two adequate failed trials, nothing on the checklist, BP 128/82.</summary>
    public static JsonObject EligibleAnswers() => new()
    {
        ["screenedOn"] = "2026-11-20",
        ["intendedTreatment"] = "Esketamine",
        ["indication"] = "TreatmentResistantDepression",
        ["takingOralAntidepressant"] = true,
        ["diagnosis"] = "MajorDepressiveDisorder",
        ["episodeDurationWeeks"] = 60,
        ["antidepressantTrials"] = new JsonArray(Trial("sertraline", "Ssri"), Trial("venlafaxine", "Snri")),
        ["psychotherapyTried"] = true,
        ["conditions"] = new JsonObject
        {
            ["aneurysmalVascularDiseaseOrAvm"] = false,
            ["intracerebralHemorrhageHistory"] = false,
            ["hypersensitivityToKetamineOrEsketamine"] = false,
            ["psychosisOrSchizophrenia"] = false,
            ["uncontrolledHypertension"] = false,
            ["pregnancy"] = false,
            ["breastfeeding"] = false,
            ["activeSubstanceUseDisorder"] = false,
            ["pastSubstanceUseDisorder"] = false,
            ["dementiaOrCognitiveImpairment"] = false,
            ["seriousCardiovascularDisease"] = false,
        },
        ["medications"] = new JsonArray(),
        ["bloodPressure"] = new JsonObject { ["systolic"] = 128, ["diastolic"] = 82 },
        ["phq9"] = new JsonArray(2, 2, 2, 2, 2, 2, 2, 2, 0),
        ["cssrs"] = new JsonObject { ["wishToBeDead"] = false, ["nonSpecificActiveSuicidalThoughts"] = false, ["suicidalBehavior"] = false },
        ["transportation"] = "RideArranged",
    };

    public static JsonObject Trial(string drug, string drugClass) => new()
    {
        ["drugName"] = drug,
        ["drugClass"] = drugClass,
        ["adequateDose"] = true,
        ["durationWeeks"] = 8,
        ["takenAsPrescribed"] = true,
        ["improvementPercent"] = 10,
    };

    public static async Task<(Guid Site, Guid Patient)> RegisteredPatientAsync(this ApiFactory api, string dateOfBirth = "1984-03-17")
    {
        var site = await api.CreateSiteAsync();
        using var desk = api.ClientFor(Role.FrontDesk, site);
        var patient = ValidPatient(site);
        patient["dateOfBirth"] = dateOfBirth;
        return (site, (await desk.RegisterPatientAsync(patient)).Id);
    }

    public static async Task<JsonObject> ScreenAsync(HttpClient client, Guid patient, JsonObject answers)
    {
        var response = await client.PostAsync($"/api/v1/patients/{patient}/screenings", Json(answers.ToJsonString()));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadObjectAsync();
    }

    public static JsonObject Rule(JsonObject screening, string ruleId) =>
        screening["rules"]!.AsArray().Single(r => r!["ruleId"]!.GetValue<string>() == ruleId)!.AsObject();
}
