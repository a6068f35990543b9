using System.Text.Json;
using System.Text.RegularExpressions;
using ClinicOps.Api.Auditing;
using ClinicOps.Application.Common;
using ClinicOps.Domain.Auditing;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ClinicOps.Api.Errors;

/// <summary>
/// The one place where failures become RFC 9457 problem details, identical in every environment.
/// Messages are written for the caller and never include stack traces, SQL or stored values.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => Validation(validation.Errors.GroupBy(e => e.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            BadHttpRequestException { InnerException: JsonException json } => Validation(new Dictionary<string, string[]>
            {
                [JsonFieldName(json.Path)] = [JsonMessage(json)],
            }),
            BadHttpRequestException badRequest => BindingProblem(badRequest),
            NotFoundException notFound => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Not found.",
                Detail = notFound.Message,
            },
            ConflictException conflict => WithCode(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict with the current state.",
                Detail = conflict.Message,
                Extensions = { ["reasons"] = conflict.Reasons },
            }, conflict.Code),
            PreconditionFailedException stale => WithCode(new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "The record changed since you read it.",
                Detail = stale.Message,
            }, "stale-etag"),
            PreconditionRequiredException missing => WithCode(new ProblemDetails
            {
                Status = StatusCodes.Status428PreconditionRequired,
                Title = "If-Match header required.",
                Detail = missing.Message,
            }, "if-match-required"),
            BusinessRuleException rule => WithCode(new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "A clinical or business rule forbids this.",
                Detail = rule.Message,
                Extensions = { ["reasons"] = rule.Reasons },
            }, rule.Code),
            _ => null,
        };

        if (problem is null)
        {
            // Only the exception type is logged: messages of lower layers can echo stored values (PHI).
            logger.LogError("Unhandled {ExceptionType} at {Method} {Path}", exception.GetType().FullName, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The error was logged; quote the traceId when reporting it.",
            };
        }

        if (exception is NotFoundException missingRecord)
        {
            await AuditNotFoundAsync(httpContext, missingRecord, cancellationToken);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static async Task AuditNotFoundAsync(HttpContext httpContext, NotFoundException notFound, CancellationToken cancellationToken)
    {
        Guid? patientId = notFound.EntityType == nameof(Domain.Patients.Patient) && Guid.TryParse(notFound.Id, out var id) ? id : null;
        var audit = httpContext.RequestServices.GetRequiredService<IAuditTrail>();
        await audit.RecordFailureAsync(
            AuditedResource.ActionFor(httpContext.Request.Method),
            AuditOutcome.NotFound,
            new AuditTarget(notFound.EntityType, notFound.Id, SiteId: null, patientId),
            cancellationToken);
    }

    /// <summary>
    /// Turns the framework's binding messages (which name CLR types and internal parameter names) into field errors
    /// named as the caller knows them. The rejected value is not echoed: it may be a patient's name.
    /// </summary>
    private static ProblemDetails BindingProblem(BadHttpRequestException badRequest)
    {
        if (badRequest.StatusCode != StatusCodes.Status400BadRequest)
        {
            return new ProblemDetails { Status = badRequest.StatusCode, Title = "The request cannot be processed.", Detail = badRequest.Message };
        }

        var failedBind = FailedBinding().Match(badRequest.Message);
        var (field, message) = failedBind.Success
            ? (failedBind.Groups["name"].Value, "The value has the wrong type or format.")
            : RequiredParameter().Match(badRequest.Message) is { Success: true } required
                ? (required.Groups["name"].Value, "This parameter is required.")
                : ("body", "A JSON object body is required.");
        return Validation(new Dictionary<string, string[]> { [field] = [message] });
    }

    [GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[A-Za-z0-9_]+)\" from ")]
    private static partial Regex FailedBinding();

    [GeneratedRegex("^Required parameter \"[^\"]* (?<name>[A-Za-z0-9_]+)\" was not provided")]
    private static partial Regex RequiredParameter();

    private static ValidationProblemDetails Validation(IDictionary<string, string[]> errors) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "One or more fields are invalid.",
    };

    private static ProblemDetails WithCode(ProblemDetails problem, string code)
    {
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>Turns a JSON path such as <c>$.emergencyContact.phone</c> into the field name <c>emergencyContact.phone</c>.</summary>
    private static string JsonFieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string JsonMessage(JsonException json) =>
        json.Path is null or "$"
            ? "The body is not valid JSON, or not a JSON object."
            : json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "This field is not part of the contract."
                : "The value has the wrong type or format, or is not one of the allowed values.";
}
