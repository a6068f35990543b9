using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Security;

public sealed class CrossSiteTestsOnSqlite(SqliteApiFixture fixture) : CrossSiteTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class CrossSiteTestsOnPostgres(PostgresApiFixture fixture) : CrossSiteTests(fixture), IClassFixture<PostgresApiFixture>;

public abstract class CrossSiteTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task Another_sites_patient_is_404_for_read_and_update_and_absent_from_lists()
    {
        var siteA = await Api.CreateSiteAsync();
        var siteB = await Api.CreateSiteAsync();
        using var deskB = Api.ClientFor(Role.FrontDesk, siteB);
        var (patientB, etag) = await deskB.RegisterPatientAsync(ValidPatient(siteB, "MRN-B"));
        using var deskA = Api.ClientFor(Role.FrontDesk, siteA);

        await (await deskA.GetAsync($"/api/v1/patients/{patientB}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{patientB}")
        {
            Content = Json(PatientUpdate("Hijacked").ToJsonString()),
        };
        update.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        await (await deskA.SendAsync(update)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var everything = await (await deskA.GetAsync("/api/v1/patients?pageSize=100")).ReadObjectAsync();
        Assert.DoesNotContain(everything["items"]!.AsArray(), p => p!["id"]!.GetValue<Guid>() == patientB);
        var explicitSite = await (await deskA.GetAsync($"/api/v1/patients?siteId={siteB}")).ReadObjectAsync();
        Assert.Equal(0, explicitSite["totalCount"]!.GetValue<int>());

        var stored = await (await deskB.GetAsync($"/api/v1/patients/{patientB}")).ReadObjectAsync();
        Assert.Equal("Quinn", stored["familyName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Registering_a_patient_at_a_site_the_caller_does_not_belong_to_is_404()
    {
        var siteA = await Api.CreateSiteAsync();
        var siteB = await Api.CreateSiteAsync();
        using var deskA = Api.ClientFor(Role.FrontDesk, siteA);

        var response = await deskA.PostAsync("/api/v1/patients", Json(ValidPatient(siteB).ToJsonString()));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var deskB = Api.ClientFor(Role.FrontDesk, siteB);
        Assert.Equal(0, (await (await deskB.GetAsync("/api/v1/patients")).ReadObjectAsync())["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Site_list_and_site_reads_show_only_the_callers_sites()
    {
        var siteA = await Api.CreateSiteAsync();
        var siteB = await Api.CreateSiteAsync();
        using var nurseA = Api.ClientFor(Role.Nurse, siteA);

        var sites = JsonNode.Parse(await (await nurseA.GetAsync("/api/v1/sites")).Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal([siteA], sites.Select(s => s!["id"]!.GetValue<Guid>()));
        await (await nurseA.GetAsync($"/api/v1/sites/{siteB}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
