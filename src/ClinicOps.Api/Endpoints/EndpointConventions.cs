namespace ClinicOps.Api.Endpoints;

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
}
