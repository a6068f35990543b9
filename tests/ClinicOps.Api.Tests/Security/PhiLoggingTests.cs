using System.Net;
using System.Net.Http.Headers;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Security;

public sealed class PhiLoggingTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task A_full_patient_scenario_writes_no_name_birth_date_or_phone_to_the_logs()
    {
        const string given = "Zephyrine";
        const string family = "Quillfeather";
        const string birth = "1971-07-29";
        const string phone = "+15559876543";
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        using var nurse = Api.ClientFor(Role.Nurse, site);
        var patient = ValidPatient(site, "MRN-ZQ", family);
        patient["givenName"] = given;
        patient["dateOfBirth"] = birth;
        patient["phone"] = phone;

        var (id, etag) = await desk.RegisterPatientAsync(patient);
        await desk.GetAsync($"/api/v1/patients/{id}");
        await desk.GetAsync($"/api/v1/patients?name={family}&dateOfBirth={birth}");
        var invalid = patient.DeepClone().AsObject();
        invalid["phone"] = phone + "99999999";
        invalid["dateOfBirth"] = "2999-07-29";
        await desk.PostAsync("/api/v1/patients", Json(invalid.ToJsonString()));
        await desk.PostAsync("/api/v1/patients", Json($"{{\"givenName\": \"{given}\", \"phone\": {phone}"));
        await nurse.PutAsync($"/api/v1/patients/{id}", Json(patient.ToJsonString()));
        var update = patient.DeepClone().AsObject();
        update.Remove("siteId");
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{id}") { Content = Json(update.ToJsonString()) };
        stale.Headers.IfMatch.Add(EntityTagHeaderValue.Parse("\"99\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await desk.SendAsync(stale)).StatusCode);
        await desk.PostAsync("/api/v1/patients", Json(patient.ToJsonString()));

        var logs = string.Join('\n', Api.Logs.Lines);
        Assert.Contains("RegisterPatient", logs);
        foreach (var phi in new[] { given, family, birth, phone, phone[2..], "MRN-ZQ" })
        {
            Assert.DoesNotContain(phi, logs, StringComparison.OrdinalIgnoreCase);
        }
    }
}
