using Microsoft.AspNetCore.Routing.Patterns;

namespace ClinicOps.Api.Idempotency;

/// <summary>
/// Which endpoints take an <c>Idempotency-Key</c> (every POST of the API, with nothing to opt in), the headers'
/// names, and the start-up guard (docs/decisions/0008-idempotency-keys.md).
/// </summary>
internal static class IdempotencyKeys
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>Response header on a replayed response.</summary>
    public const string ReplayedHeader = "Idempotency-Replayed";

    /// <summary>409: the same request is still being processed.</summary>
    public const string InFlightCode = "idempotency.in-flight";

    /// <summary>422: the key was used with another body or on another operation.</summary>
    public const string KeyReusedCode = "idempotency.key-reused";

    /// <summary>Prefix of the codes of the mechanism's own problems, which are never stored.</summary>
    public const string CodePrefix = "idempotency.";

    private const string ApiPrefix = "/api/";

    private static readonly object MiddlewareAdded = new();

    /// <summary>True for the endpoints whose POSTs go through <see cref="IdempotencyMiddleware"/>: every POST of the API.</summary>
    public static bool AppliesTo(Endpoint? endpoint) =>
        endpoint is RouteEndpoint route && IsPost(route) && IsApi(route.RoutePattern);

    /// <summary>Same scope, for the OpenAPI filter.</summary>
    public static bool AppliesTo(string? httpMethod, string? relativePath) =>
        HttpMethods.IsPost(httpMethod ?? string.Empty) && ("/" + relativePath).StartsWith(ApiPrefix, StringComparison.Ordinal);

    /// <summary>Adds the mechanism to the pipeline, after authorization (the caller's subject scopes the keys).</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app)
    {
        app.Properties[nameof(IdempotencyKeys)] = MiddlewareAdded;
        return app.UseMiddleware<IdempotencyMiddleware>();
    }

    /// <summary>
    /// Refuses to start when a POST could escape the mechanism: the middleware is not in the pipeline, or a POST
    /// endpoint is mapped outside <c>/api/</c>.
    /// </summary>
    public static void EnsureEveryPostTakesKeys(WebApplication app)
    {
        var problems = new List<string>();
        if (!((IApplicationBuilder)app).Properties.TryGetValue(nameof(IdempotencyKeys), out var marker) || !ReferenceEquals(marker, MiddlewareAdded))
        {
            problems.Add("the pipeline lacks app.UseIdempotencyKeys()");
        }

        problems.AddRange(((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => IsPost(e) && !AppliesTo(e))
            .Select(e => $"{e.DisplayName}: a POST outside {ApiPrefix} would not take Idempotency-Key"));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Idempotency keys do not cover every POST: {string.Join("; ", problems)}");
        }
    }

    private static bool IsPost(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(HttpMethods.IsPost) == true;

    private static bool IsApi(RoutePattern pattern) => pattern.RawText?.StartsWith(ApiPrefix, StringComparison.Ordinal) == true;
}
