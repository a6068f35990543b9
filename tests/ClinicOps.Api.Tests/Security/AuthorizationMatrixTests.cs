using System.Net;
using System.Text.RegularExpressions;
using ClinicOps.Api.Auditing;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Security;

public sealed class AuthorizationMatrixTestsOnSqlite(SqliteApiFixture fixture) : AuthorizationMatrixTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class AuthorizationMatrixTestsOnPostgres(PostgresApiFixture fixture) : AuthorizationMatrixTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>
/// Walks every operation of the API description, so a new endpoint without a policy, or with the wrong one,
/// fails here without anyone having to remember to add a test.
/// </summary>
public abstract class AuthorizationMatrixTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    private IReadOnlyList<ApiDescription> Operations =>
        Api.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .ToList();

    [Fact]
    public void Every_operation_declares_exactly_one_policy_from_the_matrix_and_an_audited_resource()
    {
        Assert.NotEmpty(Operations);
        foreach (var operation in Operations)
        {
            var policies = operation.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).Distinct().ToList();
            var policy = Assert.Single(policies);
            Assert.True(policy is not null && AccessPolicies.Matrix.ContainsKey(policy), $"{Describe(operation)} uses unknown policy '{policy}'.");
            Assert.True(operation.ActionDescriptor.EndpointMetadata.OfType<AuditedResource>().Any(), $"{Describe(operation)} has no AuditedResource metadata.");
        }
    }

    [Fact]
    public async Task Every_operation_answers_401_problem_without_a_token()
    {
        using var anonymous = Api.CreateClient();
        foreach (var operation in Operations)
        {
            var response = await anonymous.SendAsync(RequestFor(operation));
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Every_operation_answers_403_to_each_role_the_matrix_does_not_allow_and_admits_the_others()
    {
        var site = await Api.CreateSiteAsync();
        foreach (var operation in Operations)
        {
            var policy = operation.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Single().Policy!;
            foreach (var role in Enum.GetValues<Role>())
            {
                using var client = Api.ClientFor(role, site);
                var response = await client.SendAsync(RequestFor(operation));
                if (AccessPolicies.Matrix[policy].Contains(role))
                {
                    Assert.True(
                        response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized),
                        $"{role} should be admitted to {Describe(operation)} but got {(int)response.StatusCode}.");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} should get 403 from {Describe(operation)} but got {(int)response.StatusCode}.");
                    await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
                }
            }
        }
    }

    [Fact]
    public void The_integrator_role_is_read_only()
    {
        foreach (var operation in Operations.Where(o => o.HttpMethod != "GET"))
        {
            var policy = operation.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Single().Policy!;
            Assert.DoesNotContain(Role.Integrator, AccessPolicies.Matrix[policy]);
        }
    }

    [Fact]
    public async Task The_readme_prints_the_policy_matrix_as_it_is_in_code()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (var (policy, roles) in AccessPolicies.Matrix)
        {
            Assert.Contains($"| `{policy}` | {string.Join(", ", roles)} |", readme);
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ClinicOps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    private static HttpRequestMessage RequestFor(ApiDescription operation)
    {
        var path = "/" + Regex.Replace(operation.RelativePath!, @"\{[A-Za-z]+(:[a-z]+)?\}", Guid.NewGuid().ToString());
        var request = new HttpRequestMessage(new HttpMethod(operation.HttpMethod!), path);
        if (operation.HttpMethod is "POST" or "PUT" or "PATCH")
        {
            request.Content = Json("{}");
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        }

        return request;
    }

    private static string Describe(ApiDescription operation) => $"{operation.HttpMethod} /{operation.RelativePath}";
}
