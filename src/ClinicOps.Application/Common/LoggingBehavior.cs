using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicOps.Application.Common;

/// <summary>
/// Logs the name and duration of every use case. Only the request type is logged, never its contents,
/// because requests carry protected health information.
/// </summary>
public sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    /// <inheritdoc />
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var response = await next();
            outcome = "succeeded";
            return response;
        }
        finally
        {
            logger.LogInformation(
                "Use case {UseCase} {Outcome} in {ElapsedMs:F1} ms",
                typeof(TRequest).Name,
                outcome,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
