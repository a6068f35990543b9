namespace ClinicOps.Api.Endpoints;

/// <summary>
/// Metadata that endpoints declare and the OpenAPI filters turn into documented responses and headers
/// (see docs/decisions/0006-openapi-contract.md).
/// </summary>
internal static class EndpointConventions
{
    /// <summary>Documents the problem responses every protected endpoint can return.</summary>
    public static RouteHandlerBuilder ProducesStandardProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes.Concat([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests]))
        {
            if (status == StatusCodes.Status400BadRequest)
            {
                builder.ProducesValidationProblem();
            }
            else
            {
                builder.ProducesProblem(status);
            }
        }

        return builder;
    }

    /// <summary>Successful responses carry an <c>ETag</c> header with the record's version.</summary>
    public static RouteHandlerBuilder ReturnsETag(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(ETagConventions.ReturnsETag);

    /// <summary>The request must send <c>If-Match</c>: missing → 428, stale → 412.</summary>
    public static RouteHandlerBuilder RequiresIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(ETagConventions.RequiresIfMatch)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>The request may send <c>If-None-Match</c> and gets 304 when nothing changed.</summary>
    public static RouteHandlerBuilder HonoursIfNoneMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(ETagConventions.HonoursIfNoneMatch).Produces(StatusCodes.Status304NotModified);
}

/// <summary>How an endpoint uses entity tags; read by the OpenAPI operation filter.</summary>
internal sealed record ETagConventions(string Kind)
{
    public static readonly ETagConventions ReturnsETag = new(nameof(ReturnsETag));
    public static readonly ETagConventions RequiresIfMatch = new(nameof(RequiresIfMatch));
    public static readonly ETagConventions HonoursIfNoneMatch = new(nameof(HonoursIfNoneMatch));
}
