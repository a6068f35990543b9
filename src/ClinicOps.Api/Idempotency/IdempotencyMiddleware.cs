using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClinicOps.Application.Common;
using ClinicOps.Infrastructure.Idempotency;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Net.Http.Headers;

namespace ClinicOps.Api.Idempotency;

/// <summary>
/// The one piece that makes every POST of the API safe to retry with an <c>Idempotency-Key</c>
/// (docs/decisions/0008-idempotency-keys.md). Without the header a POST runs as before. With it, one write
/// transaction holds the key's claim, the endpoint's changes and the stored response, and commits them together: a
/// retry with the same body gets the stored status, headers and body with <c>Idempotency-Replayed: true</c>; another
/// body or operation gets 422; a duplicate of a request still in flight gets 409. 5xx responses and unmapped failures
/// roll back and leave the key free. Bodies are never logged.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next)
{
    private const int MaxKeyLength = 255;

    private static readonly string[] ReplayedHeaders = [HeaderNames.Location, HeaderNames.ETag, HeaderNames.ContentType];

    public async Task InvokeAsync(
        HttpContext http, IdempotencyStore store, ICurrentUser user, IProblemDetailsService problems, IEnumerable<IExceptionHandler> exceptionHandlers)
    {
        var endpoint = http.GetEndpoint();
        if (!IdempotencyKeys.AppliesTo(endpoint) || !http.Request.Headers.TryGetValue(IdempotencyKeys.Header, out var keys))
        {
            await next(http);
            return;
        }

        var key = keys.Count == 1 ? keys[0]?.Trim() : null;
        if (!IsValidKey(key))
        {
            await WriteProblemAsync(http, problems, new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [IdempotencyKeys.Header] = [$"Send one key of 1-{MaxKeyLength} printable ASCII characters, e.g. a UUID."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid.",
            });
            return;
        }

        var request = new IdempotencyRequest(user.Subject, key!, OperationOf((RouteEndpoint)endpoint!, http.Request.Method), await HashAsync(http.Request));
        using var mark = store.TryMarkInFlightLocally(request);
        if (mark is null)
        {
            await WriteProblemAsync(http, problems, InFlight());
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        IdempotencyClaim claim;
        await using (var transaction = await store.BeginAsync(http.RequestAborted))
        {
            claim = await store.ClaimAsync(request, http.RequestAborted);
            if (claim.Outcome == ClaimOutcome.Claimed)
            {
                http.Response.Body = buffer;
                try
                {
                    claim = await RunAndStoreAsync(http, store, request, transaction, buffer, exceptionHandlers);
                }
                finally
                {
                    http.Response.Body = original;
                }
            }
        }

        switch (claim.Outcome)
        {
            case ClaimOutcome.Claimed:
                http.Response.ContentLength = buffer.Length;
                buffer.Position = 0;
                await buffer.CopyToAsync(original, http.RequestAborted);
                break;
            case ClaimOutcome.Replay:
                http.Response.Clear();
                await ReplayAsync(http, claim.Record!);
                break;
            case ClaimOutcome.KeyReused:
                http.Response.Clear();
                var reused = Problem(
                    StatusCodes.Status422UnprocessableEntity,
                    IdempotencyKeys.KeyReusedCode,
                    "This Idempotency-Key was used with another body or on another operation; use a new key for a new request.");
                reused.Extensions["reasons"] = new[] { reused.Detail };
                await WriteProblemAsync(http, problems, reused);
                break;
            default:
                http.Response.Clear();
                await WriteProblemAsync(http, problems, InFlight());
                break;
        }
    }

    /// <summary>
    /// Runs the endpoint into the buffer inside the transaction that also stores the response, so the change and its
    /// replay commit together or not at all. Failures are turned into problems here (by the API's exception handlers)
    /// so that a 4xx can be stored like any other response. A 5xx or an unmapped exception rolls everything back (the
    /// transaction is disposed uncommitted), which leaves the key free for a retry. Returns how the request ended:
    /// <see cref="ClaimOutcome.Claimed"/> when its own response stands.
    /// </summary>
    private async Task<IdempotencyClaim> RunAndStoreAsync(
        HttpContext http, IdempotencyStore store, IdempotencyRequest request, IDbContextTransaction transaction, MemoryStream buffer,
        IEnumerable<IExceptionHandler> exceptionHandlers)
    {
        await RunEndpointAsync(http, exceptionHandlers);
        var status = http.Response.StatusCode;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            return new IdempotencyClaim(ClaimOutcome.Claimed);
        }

        var response = new StoredResponse(status, HeadersToReplay(http.Response), buffer.ToArray());
        if (await store.StoreAsync(request, response, CancellationToken.None))
        {
            await transaction.CommitAsync(CancellationToken.None);
            return new IdempotencyClaim(ClaimOutcome.Claimed);
        }

        // A duplicate from another process committed first: undo this run and answer as that one did.
        await transaction.RollbackAsync(CancellationToken.None);
        return await store.ReadCommittedAsync(request, CancellationToken.None);
    }

    private async Task RunEndpointAsync(HttpContext http, IEnumerable<IExceptionHandler> exceptionHandlers)
    {
        try
        {
            await next(http);
        }
        catch (Exception exception) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            foreach (var handler in exceptionHandlers)
            {
                if (await handler.TryHandleAsync(http, exception, http.RequestAborted))
                {
                    return;
                }
            }

            throw;
        }
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord record)
    {
        http.Response.StatusCode = record.StatusCode!.Value;
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(record.ResponseHeaders ?? "{}") ?? [];
        foreach (var (name, value) in headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        var body = record.ResponseBody ?? [];
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static string HeadersToReplay(HttpResponse response) => JsonSerializer.Serialize(
        ReplayedHeaders.Where(name => response.Headers.ContainsKey(name))
            .ToDictionary(name => name, name => response.Headers[name].ToString()));

    /// <summary>
    /// 1-255 printable ASCII characters once the surrounding whitespace HTTP ignores is trimmed (so an empty or blank
    /// header is refused); compared exactly, case-sensitive.
    /// </summary>
    private static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~');

    private static string OperationOf(RouteEndpoint endpoint, string method) => $"{method} {endpoint.RoutePattern.RawText}";

    /// <summary>SHA-256 of the request target (path and query, which carry record ids) and the body bytes as received.</summary>
    private static async Task<string> HashAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.PathBase}{request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static ProblemDetails InFlight() => Problem(
        StatusCodes.Status409Conflict,
        IdempotencyKeys.InFlightCode,
        "A request with this Idempotency-Key is still being processed; retry it shortly with the same key.");

    private static ProblemDetails Problem(int status, string code, string detail) => new()
    {
        Status = status,
        Title = status == StatusCodes.Status409Conflict ? "Conflict with the current state." : "The request cannot be processed with this key.",
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    private static async Task WriteProblemAsync(HttpContext http, IProblemDetailsService problems, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
