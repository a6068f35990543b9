using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;

namespace ClinicOps.Api.Tests.Harness;

public static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> ReadFromJsonNodeAsync(this HttpContent content) =>
        JsonNode.Parse(await content.ReadAsStringAsync())!;

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>Asserts a problem+json response with this status and returns its body.</summary>
    public static async Task<JsonObject> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["traceId"]);
        return problem;
    }

    /// <summary>The field names of a 400 validation problem.</summary>
    public static async Task<IReadOnlyCollection<string>> ShouldBeValidationProblemAsync(this HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        return problem["errors"]!.AsObject().Select(e => e.Key).ToList();
    }

    public static async Task<Guid> CreateSiteAsync(this ApiFactory api, string? code = null)
    {
        using var admin = api.ClientFor(Role.ClinicAdmin);
        var response = await admin.PostAsJsonAsync("/api/v1/sites", new
        {
            code = code ?? $"S-{Guid.NewGuid():N}"[..20].ToUpperInvariant(),
            name = "Test clinic",
            timeZoneId = "America/Chicago",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<Guid>();
    }

    public static JsonObject ValidPatient(Guid siteId, string? mrn = null, string familyName = "Quinn") => new()
    {
        ["siteId"] = siteId,
        ["givenName"] = "Avery",
        ["familyName"] = familyName,
        ["dateOfBirth"] = "1984-03-17",
        ["sex"] = "Female",
        ["phone"] = "+15551234567",
        ["email"] = "avery@example.com",
        ["externalMrn"] = mrn,
        ["emergencyContact"] = new JsonObject { ["name"] = "Jordan Quinn", ["phone"] = "+15557654321", ["relationship"] = "spouse" },
        ["preferredContactChannel"] = "Sms",
    };

    /// <summary>A valid PUT body: the patient fields without the site, which is fixed at registration.</summary>
    public static JsonObject PatientUpdate(string familyName = "Quinn", string? mrn = null)
    {
        var body = ValidPatient(Guid.Empty, mrn, familyName);
        body.Remove("siteId");
        return body;
    }

    public static async Task<(Guid Id, string ETag)> RegisterPatientAsync(this HttpClient client, JsonObject patient)
    {
        var response = await client.PostAsync("/api/v1/patients", Json(patient.ToJsonString()));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.ReadObjectAsync())["id"]!.GetValue<Guid>(), response.Headers.ETag!.ToString());
    }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);
}
