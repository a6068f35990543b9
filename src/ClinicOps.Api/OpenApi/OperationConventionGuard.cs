using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;

namespace ClinicOps.Api.OpenApi;

/// <summary>
/// Refuses to start when an API endpoint breaks the contract conventions that the OpenAPI document relies on:
/// every endpoint has an explicit, camelCase, verb-first name (its stable operationId) and exactly one tag that
/// <see cref="ApiTags"/> describes. Route renames then never rename operations, and generated clients stay stable.
/// </summary>
internal static partial class OperationConventionGuard
{
    /// <summary>Verbs an operationId may start with; add one here when a new kind of operation needs it.</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "get", "list", "search", "query", "create", "register", "update", "replace", "delete", "record", "review",
        "acknowledge", "cancel", "approve", "decline", "submit", "schedule", "complete",
        "plan", "book", "reschedule", "retire", "add", "start", "change", "reevaluate", "mark", "propose", "find", "export", "enroll", "certify",
        "check", "correct", "resolve", "discharge", "stream", "rotate", "retry",
    };

    public static void EnsureEveryApiEndpointIsNamedAndTagged(IEndpointRouteBuilder app)
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
                     .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true))
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            if (name is null || !OperationId().IsMatch(name) || !Verbs.Contains(VerbOf(name)))
            {
                problems.Add($"{endpoint.DisplayName}: needs .WithName(\"verbNoun\") starting with one of {string.Join(", ", Verbs)}");
            }
            else if (!names.Add(name))
            {
                problems.Add($"{endpoint.DisplayName}: operation id '{name}' is used twice");
            }

            var tags = endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags).Distinct().ToList();
            if (tags.Count != 1 || !ApiTags.Descriptions.ContainsKey(tags[0]))
            {
                problems.Add($"{endpoint.DisplayName}: needs exactly one tag from ApiTags (has {string.Join(", ", tags)})");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"API endpoints break the contract conventions: {string.Join("; ", problems)}");
        }
    }

    public static string VerbOf(string operationId) => LeadingVerb().Match(operationId).Value;

    [GeneratedRegex("^[a-z]+[A-Z][A-Za-z0-9]*$")]
    private static partial Regex OperationId();

    [GeneratedRegex("^[a-z]+")]
    private static partial Regex LeadingVerb();
}
