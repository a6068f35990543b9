using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Tests.Harness;

namespace ClinicOps.Api.Tests.Contract;

/// <summary>
/// The served OpenAPI document is the committed one (docs/openapi/v1.json), and it keeps the contract conventions
/// of docs/decisions/0006-openapi-contract.md. Set CLINICOPS_WRITE_OPENAPI=1 to rewrite the committed document
/// from the served one.
/// </summary>
public sealed class OpenApiContractTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private static readonly string[] HeaderNamesOnConditionalRequests = ["If-Match", "If-None-Match"];

    [Fact]
    public async Task The_served_document_equals_the_committed_document()
    {
        var served = await ServedJsonAsync();
        if (Environment.GetEnvironmentVariable("CLINICOPS_WRITE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Tools.CommittedDocument)!);
            await File.WriteAllTextAsync(Tools.CommittedDocument, served.ReplaceLineEndings("\n").TrimEnd() + "\n");
        }

        Assert.True(File.Exists(Tools.CommittedDocument), "docs/openapi/v1.json is missing; run the tests with CLINICOPS_WRITE_OPENAPI=1.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Tools.CommittedDocument));
        var difference = FirstDifference(JsonNode.Parse(served), committed, "$");
        Assert.True(difference is null,
            $"The served OpenAPI document differs from docs/openapi/v1.json at {difference}. If the change is intended, "
            + "regenerate it: CLINICOPS_WRITE_OPENAPI=1 dotnet test ClinicOps.sln --filter FullyQualifiedName~OpenApiContractTests");
    }

    [Fact]
    public async Task Every_operation_has_a_verb_first_operation_id_a_summary_a_described_tag_typed_bodies_and_its_headers()
    {
        var document = JsonNode.Parse(await ServedJsonAsync())!.AsObject();
        var describedTags = document["tags"]!.AsArray().Where(t => !string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>()))
            .Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        var ids = new HashSet<string>();
        foreach (var (name, operation) in Operations(document))
        {
            var id = operation["operationId"]?.GetValue<string>();
            Assert.False(id is null, $"{name} has no operationId");
            Assert.True(ids.Add(id!), $"{name}: operationId {id} is not unique");
            Assert.Contains(OperationConventionGuard.VerbOf(id!), OperationConventionGuard.Verbs);
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{name} has no summary");
            var tags = operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            Assert.True(tags.Count == 1 && describedTags.Contains(tags[0]), $"{name}: tag without a description");

            var responses = operation["responses"]!.AsObject();
            foreach (var (status, response) in responses)
            {
                if (status.StartsWith('2'))
                {
                    // JSON, except the iCalendar feed (text/calendar), the FHIR export (application/fhir+json), the board's
                    // event stream (text/event-stream), the superbill exports (text/csv) and the printable pages (text/html).
                    var body = response!["content"]?["application/json"]?["schema"] ?? response["content"]?["text/calendar"]?["schema"]
                        ?? response["content"]?["application/fhir+json"]?["schema"] ?? response["content"]?["text/event-stream"]?["schema"]
                        ?? response["content"]?["text/csv"]?["schema"] ?? response["content"]?["text/html"]?["schema"];
                    Assert.True(body is not null, $"{name} {status} has no typed body");
                }

                foreach (var (mediaType, media) in response!["content"]?.AsObject() ?? [])
                {
                    Assert.True(media!["example"] is not null, $"{name} {status} {mediaType} has no example");
                }
            }

            foreach (var (_, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                Assert.True(media!["example"] is not null, $"{name} request body has no example");
            }

            Assert.True(responses["201"] is null || responses["201"]!["headers"]?["Location"] is not null, $"{name}: 201 without Location");
            Assert.True(responses["429"]?["headers"]?["Retry-After"] is not null, $"{name}: 429 without Retry-After");
            Assert.NotNull(responses["500"]);
            var headerParameters = (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "header")
                .Select(p => p!["name"]!.GetValue<string>()).ToHashSet();
            Assert.Equal(responses["412"] is not null, headerParameters.Contains("If-Match"));
            Assert.Equal(responses["304"] is not null, headerParameters.Contains("If-None-Match"));
            if (headerParameters.Overlaps(HeaderNamesOnConditionalRequests))
            {
                Assert.NotNull(responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value!["headers"]?["ETag"]).FirstOrDefault());
            }
        }

        Assert.Equal(ids.Count, Operations(document).Count());
        Assert.NotEmpty(document["servers"]!.AsArray());
        Assert.NotNull(document["info"]!["contact"]);
        Assert.NotNull(document["info"]!["license"]!["url"]);
    }

    [Fact]
    public async Task Enums_describe_every_value_and_request_schemas_require_exactly_what_the_validators_require()
    {
        var schemas = JsonNode.Parse(await ServedJsonAsync())!["components"]!["schemas"]!.AsObject();
        foreach (var (name, schema) in schemas.Where(s => s.Value!["enum"] is not null))
        {
            foreach (var value in schema!["enum"]!.AsArray())
            {
                Assert.Contains($"`{value}`:", schema["description"]?.GetValue<string>() ?? string.Empty, StringComparison.Ordinal);
            }
        }

        Assert.Equal(
            ["dateOfBirth", "familyName", "givenName", "preferredContactChannel", "sex", "siteId"],
            schemas["RegisterPatient"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["name", "phone"], schemas["EmergencyContactInput"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["decision", "reason"], schemas["ScreeningReviewRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        var registration = schemas["RegisterPatient"]!["properties"]!.AsObject();
        Assert.Equal(JsonValueKind.True, registration["phone"]!["nullable"]?.GetValueKind());
        Assert.Null(registration["givenName"]!["nullable"]);
    }

    [Fact]
    public async Task Leaving_out_a_required_field_of_the_documented_example_is_a_400_and_leaving_out_an_optional_one_is_not()
    {
        var document = JsonNode.Parse(await ServedJsonAsync())!;
        var operation = document["paths"]!["/api/v1/patients"]!["post"]!;
        var example = operation["requestBody"]!["content"]!["application/json"]!["example"]!.AsObject();
        example["siteId"] = ClinicOps.Api.Hosting.DevelopmentSeed.DemoSiteId.ToString();
        var required = document["components"]!["schemas"]!["RegisterPatient"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet();
        await ClinicOps.Api.Hosting.DevelopmentSeed.EnsureDemoSiteAsync(fixture.Api.Services);
        using var client = fixture.Api.ClientFor(ClinicOps.Api.Security.Role.FrontDesk, ClinicOps.Api.Hosting.DevelopmentSeed.DemoSiteId);

        var complete = await client.PostAsync("/api/v1/patients", Json(WithUniqueMrn(example)));
        Assert.Equal(HttpStatusCode.Created, complete.StatusCode);
        var properties = document["components"]!["schemas"]!["RegisterPatient"]!["properties"]!.AsObject();
        foreach (var field in example.Select(p => p.Key).ToList())
        {
            if (properties[field]?["description"]?.GetValue<string>().Contains("Required when", StringComparison.Ordinal) == true)
            {
                continue; // conditionally required: its description says when
            }

            var body = WithUniqueMrn(example);
            body.Remove(field);
            var response = await client.PostAsync("/api/v1/patients", Json(body));
            if (required.Contains(field))
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"without optional {field}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Fact]
    public async Task No_domain_or_persistence_type_appears_in_the_contract_only_shared_domain_enums()
    {
        var schemas = JsonNode.Parse(await ServedJsonAsync())!["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToHashSet();
        var leaked = new[] { typeof(Domain.Patients.Patient).Assembly, typeof(Infrastructure.DependencyInjection).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsEnum && t.IsPublic && schemas.Contains(t.Name))
            .Select(t => t.FullName)
            .Order()
            .ToList();
        Assert.True(leaked.Count == 0, $"Domain or persistence types in the OpenAPI contract: {string.Join(", ", leaked)}");
    }

    private async Task<string> ServedJsonAsync()
    {
        using var client = fixture.Api.CreateClient();
        var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!.AsObject())));

    private static JsonObject WithUniqueMrn(JsonObject example)
    {
        var body = example.DeepClone().AsObject();
        if (body.ContainsKey("externalMrn"))
        {
            body["externalMrn"] = $"MRN-{Guid.NewGuid():N}"[..20];
        }

        return body;
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private static string? FirstDifference(JsonNode? served, JsonNode? committed, string path)
    {
        switch (served, committed)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                {
                    if (!a.ContainsKey(key) || !b.ContainsKey(key))
                    {
                        return $"{path}.{key} ({(a.ContainsKey(key) ? "only served" : "only committed")})";
                    }

                    if (FirstDifference(a[key], b[key], $"{path}.{key}") is { } inner)
                    {
                        return inner;
                    }
                }

                return a.Select(p => p.Key).SequenceEqual(b.Select(p => p.Key)) ? null : $"{path} (property order)";
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    if (i >= a.Count || i >= b.Count)
                    {
                        return $"{path}[{i}] (length)";
                    }

                    if (FirstDifference(a[i], b[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(served, committed) ? null : $"{path}: served {served?.ToJsonString()} committed {committed?.ToJsonString()}";
        }
    }
}
