using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Tests.Harness;

namespace ClinicOps.Api.Tests.Hosting;

public sealed class HealthAndOpenApiTestsOnSqlite(SqliteApiFixture fixture) : HealthAndOpenApiTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class HealthAndOpenApiTestsOnPostgres(PostgresApiFixture fixture) : HealthAndOpenApiTests(fixture), IClassFixture<PostgresApiFixture>;

public abstract class HealthAndOpenApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task Health_endpoints_answer_without_a_token_and_ready_means_migrated()
    {
        using var client = fixture.Api.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_is_public_and_documents_every_operation_for_integrators()
    {
        using var client = fixture.Api.CreateClient();

        var response = await client.GetAsync("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.NotNull(document["components"]!["securitySchemes"]!["Bearer"]);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Name: $"{op.Key.ToUpperInvariant()} {path.Key}", Operation: op.Value!.AsObject())))
            .ToList();
        Assert.Contains(operations, o => o.Name == "POST /api/v1/patients");
        foreach (var (name, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{name} has no summary (XML docs).");
            Assert.Contains("Roles:", operation["description"]!.GetValue<string>());
            Assert.NotEmpty(operation["x-clinicops-roles"]!.AsArray());
            Assert.NotNull(operation["security"]);
            Assert.NotNull(operation["responses"]!["401"]);
            Assert.NotNull(operation["responses"]!["403"]);
        }

        var patientSchema = document["components"]!["schemas"]!["RegisterPatient"]!;
        Assert.Equal("+15551234567", patientSchema["properties"]!["phone"]!["example"]!.GetValue<string>());
        Assert.Contains("Female", document["components"]!["schemas"]!["Sex"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_route_and_a_wrong_method_never_answer_500()
    {
        using var client = fixture.Api.CreateClient();

        var unknown = await client.GetAsync("/api/v1/nothing-here");
        var wrongMethod = await client.DeleteAsync("/api/v1/patients");

        Assert.True((int)unknown.StatusCode is >= 400 and < 500);
        Assert.True((int)wrongMethod.StatusCode is >= 400 and < 500);
    }
}
