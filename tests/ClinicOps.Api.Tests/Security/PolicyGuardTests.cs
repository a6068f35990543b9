using ClinicOps.Api.Security;
using Microsoft.AspNetCore.Builder;

namespace ClinicOps.Api.Tests.Security;

public sealed class PolicyGuardTests
{
    [Fact]
    public void An_api_endpoint_without_a_matrix_policy_stops_the_api_from_starting()
    {
        var app = WebApplication.CreateBuilder().Build();
        app.MapGet("/api/v1/forgotten", () => "PHI").RequireAuthorization();
        app.MapGet("/api/v1/protected", () => "ok").RequireAuthorization(AccessPolicies.PatientsRead);

        var error = Assert.Throws<InvalidOperationException>(() => PolicyGuard.EnsureEveryApiEndpointHasAPolicy(app));

        Assert.Contains("/api/v1/forgotten", error.Message);
        Assert.DoesNotContain("/api/v1/protected", error.Message);
    }
}
