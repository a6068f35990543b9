using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Patients;

public sealed class PatientTestsOnSqlite(SqliteApiFixture fixture) : PatientTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class PatientTestsOnPostgres(PostgresApiFixture fixture) : PatientTests(fixture), IClassFixture<PostgresApiFixture>;

public abstract class PatientTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task Registering_a_patient_returns_201_with_location_etag_and_the_stored_record()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var registeredAt = Api.Clock.GetUtcNow();

        var response = await desk.PostAsync("/api/v1/patients", Json(ValidPatient(site, "MRN-1").ToJsonString()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var created = await response.ReadObjectAsync();
        Assert.Equal($"/api/v1/patients/{created["id"]}", response.Headers.Location!.ToString());
        var fetched = await (await desk.GetAsync(response.Headers.Location)).ReadObjectAsync();
        Assert.Equal("Avery", fetched["givenName"]!.GetValue<string>());
        Assert.Equal("1984-03-17", fetched["dateOfBirth"]!.GetValue<string>());
        Assert.Equal("Female", fetched["sex"]!.GetValue<string>());
        Assert.Equal("MRN-1", fetched["externalMrn"]!.GetValue<string>());
        Assert.Equal("+15557654321", fetched["emergencyContact"]!["phone"]!.GetValue<string>());
        Assert.Equal(registeredAt, DateTimeOffset.Parse(fetched["createdAt"]!.GetValue<string>()));
        Assert.EndsWith("+00:00", fetched["createdAt"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> InvalidPayloads => new()
    {
        { "givenName", "givenName", "\"\"" },
        { "familyName", "familyName", "\"" + new string('x', 101) + "\"" },
        { "dateOfBirth in the future", "dateOfBirth", "\"2026-11-22\"" },
        { "dateOfBirth over 120 years ago", "dateOfBirth", "\"1906-11-20\"" },
        { "dateOfBirth not a date", "dateOfBirth", "\"17/03/1984\"" },
        { "dateOfBirth wrong type", "dateOfBirth", "19840317" },
        { "phone not E.164", "phone", "\"555-1234\"" },
        { "email malformed", "email", "\"not-an-email\"" },
        { "sex unknown enum", "sex", "\"Banana\"" },
        { "sex as integer", "sex", "1" },
        { "preferredContactChannel missing", "preferredContactChannel", "null" },
        { "externalMrn too long", "externalMrn", "\"" + new string('M', 65) + "\"" },
        { "emergencyContact phone", "emergencyContact.phone", "{\"name\":\"J\",\"phone\":\"12\"}" },
        { "siteId missing", "siteId", "null" },
        { "unknown field", "nickname", "\"Ave\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public async Task Invalid_registration_gets_400_naming_the_field_and_stores_nothing(string because, string field, string jsonValue)
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var payload = ValidPatient(site);
        payload[field.Split('.')[0]] = JsonNode.Parse(field.Contains('.') ? jsonValue : $"{jsonValue}");
        if (field.Contains('.'))
        {
            payload["emergencyContact"] = JsonNode.Parse(jsonValue);
        }

        var response = await desk.PostAsync("/api/v1/patients", Json(payload.ToJsonString()));

        var fields = await response.ShouldBeValidationProblemAsync();
        Assert.True(fields.Contains(field), $"{because}: expected an error for '{field}', got {string.Join(", ", fields)}");
        var list = await (await desk.GetAsync($"/api/v1/patients?siteId={site}")).ReadObjectAsync();
        Assert.Equal(0, list["totalCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("{\"givenName\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("not json at all")]
    public async Task Malformed_json_gets_400_problem(string body)
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var response = await desk.PostAsync("/api/v1/patients", Json(body));

        await response.ShouldBeValidationProblemAsync();
    }

    [Fact]
    public async Task A_missing_body_gets_400_naming_the_body_and_duplicate_keys_are_rejected()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var empty = await desk.PostAsync("/api/v1/patients", Json(""));
        var jsonNull = await desk.PostAsync("/api/v1/patients", Json("null"));
        var duplicate = await desk.PostAsync("/api/v1/patients", Json(ValidPatient(site).ToJsonString().Replace("{\"siteId\"", "{\"givenName\":\"Eve\",\"siteId\"", StringComparison.Ordinal)));

        Assert.Contains("body", await empty.ShouldBeValidationProblemAsync());
        Assert.Contains("body", await jsonNull.ShouldBeValidationProblemAsync());
        Assert.Contains("givenName", await duplicate.ShouldBeValidationProblemAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415_problem()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var response = await desk.PostAsync("/api/v1/patients", new StringContent(ValidPatient(site).ToJsonString(), System.Text.Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Sms_preference_without_a_phone_is_rejected()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var payload = ValidPatient(site);
        payload["phone"] = null;

        var fields = await (await desk.PostAsync("/api/v1/patients", Json(payload.ToJsonString()))).ShouldBeValidationProblemAsync();

        Assert.Contains("phone", fields);
    }

    [Fact]
    public async Task A_second_patient_with_the_same_mrn_at_the_site_gets_409()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await desk.RegisterPatientAsync(ValidPatient(site, "MRN-DUP"));

        var response = await desk.PostAsync("/api/v1/patients", Json(ValidPatient(site, "MRN-DUP", "Other").ToJsonString()));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("patient.mrn-taken", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_mrn_may_exist_at_another_site()
    {
        var siteA = await Api.CreateSiteAsync();
        var siteB = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, siteA, siteB);

        await desk.RegisterPatientAsync(ValidPatient(siteA, "MRN-SHARED"));
        await desk.RegisterPatientAsync(ValidPatient(siteB, "MRN-SHARED"));
    }

    [Fact]
    public async Task Update_with_current_etag_replaces_the_details_and_returns_a_new_etag()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (id, etag) = await desk.RegisterPatientAsync(ValidPatient(site));
        var changed = ValidPatient(site, familyName: "Rivera");
        changed.Remove("siteId");
        changed["emergencyContact"] = null;
        Api.Clock.Advance(TimeSpan.FromMinutes(5));
        var updatedAt = Api.Clock.GetUtcNow();

        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{id}") { Content = Json(changed.ToJsonString()) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        var response = await desk.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        var stored = await (await desk.GetAsync($"/api/v1/patients/{id}")).ReadObjectAsync();
        Assert.Equal("Rivera", stored["familyName"]!.GetValue<string>());
        Assert.Null(stored["emergencyContact"]);
        Assert.Equal(updatedAt, DateTimeOffset.Parse(stored["updatedAt"]!.GetValue<string>()));
        Assert.True(DateTimeOffset.Parse(stored["createdAt"]!.GetValue<string>()) < updatedAt);
    }

    [Fact]
    public async Task Two_competing_updates_from_the_same_etag_let_one_win_and_give_the_other_412()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (id, etag) = await desk.RegisterPatientAsync(ValidPatient(site));

        async Task<HttpResponseMessage> Update(string familyName)
        {
            var body = ValidPatient(site, familyName: familyName);
            body.Remove("siteId");
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{id}") { Content = Json(body.ToJsonString()) };
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
            return await desk.SendAsync(request);
        }

        var first = await Update("First");
        var second = await Update("Second");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("stale-etag", problem["code"]!.GetValue<string>());
        var stored = await (await desk.GetAsync($"/api/v1/patients/{id}")).ReadObjectAsync();
        Assert.Equal("First", stored["familyName"]!.GetValue<string>());
        Assert.Equal(2, stored["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_etag_never_both_succeed()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (id, etag) = await desk.RegisterPatientAsync(ValidPatient(site));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            var body = ValidPatient(site, familyName: $"Racer{i}");
            body.Remove("siteId");
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{id}") { Content = Json(body.ToJsonString()) };
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
            return await desk.SendAsync(request);
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var stored = await (await desk.GetAsync($"/api/v1/patients/{id}")).ReadObjectAsync();
        Assert.Equal(2, stored["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Update_without_if_match_gets_428_and_an_invalid_update_changes_nothing()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (id, etag) = await desk.RegisterPatientAsync(ValidPatient(site));
        var body = ValidPatient(site, familyName: "Changed");
        body.Remove("siteId");

        var noIfMatch = await desk.PutAsync($"/api/v1/patients/{id}", Json(body.ToJsonString()));
        await noIfMatch.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);

        body["dateOfBirth"] = "2999-01-01";
        var invalid = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{id}") { Content = Json(body.ToJsonString()) };
        invalid.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        Assert.Contains("dateOfBirth", await (await desk.SendAsync(invalid)).ShouldBeValidationProblemAsync());

        var stored = await desk.GetAsync($"/api/v1/patients/{id}");
        Assert.Equal(etag, stored.Headers.ETag!.ToString());
        Assert.Equal("Quinn", (await stored.ReadObjectAsync())["familyName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_with_if_none_match_of_the_current_etag_gets_304()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (id, etag) = await desk.RegisterPatientAsync(ValidPatient(site));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/patients/{id}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        var response = await desk.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_patient_id_gets_404_problem()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var response = await desk.GetAsync($"/api/v1/patients/{Guid.NewGuid()}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Search_pages_in_a_stable_order_with_a_total_and_filters_by_name_dob_and_mrn()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        foreach (var (family, i) in new[] { "Young", "Adams", "Miller", "adamson", "Baker" }.Select((f, i) => (f, i)))
        {
            var patient = ValidPatient(site, $"MRN-S{i}", family);
            patient["dateOfBirth"] = family == "Miller" ? "1990-05-05" : "1984-03-17";
            await desk.RegisterPatientAsync(patient);
        }

        var page1 = await (await desk.GetAsync($"/api/v1/patients?siteId={site}&page=1&pageSize=2")).ReadObjectAsync();
        var page2 = await (await desk.GetAsync($"/api/v1/patients?siteId={site}&page=2&pageSize=2")).ReadObjectAsync();
        var byName = await (await desk.GetAsync($"/api/v1/patients?siteId={site}&name=ADAM")).ReadObjectAsync();
        var byDob = await (await desk.GetAsync($"/api/v1/patients?siteId={site}&dateOfBirth=1990-05-05")).ReadObjectAsync();
        var byMrn = await (await desk.GetAsync($"/api/v1/patients?siteId={site}&externalMrn=MRN-S4")).ReadObjectAsync();

        static string[] Families(JsonObject page) => page["items"]!.AsArray().Select(p => p!["familyName"]!.GetValue<string>()).ToArray();
        Assert.Equal(5, page1["totalCount"]!.GetValue<int>());
        Assert.Equal(2, Families(page1).Length);
        Assert.Empty(Families(page1).Intersect(Families(page2)));
        Assert.Equal(["Adams", "adamson"], Families(byName).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(["Miller"], Families(byDob));
        Assert.Equal(["Baker"], Families(byMrn));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=abc")]
    [InlineData("dateOfBirth=yesterday")]
    [InlineData("page=2147483647")]
    [InlineData("siteId=not-a-guid")]
    public async Task Invalid_search_parameters_get_400_naming_the_parameter(string query)
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var response = await desk.GetAsync($"/api/v1/patients?{query}");

        Assert.Contains(query.Split('=')[0], await response.ShouldBeValidationProblemAsync());
    }
}
