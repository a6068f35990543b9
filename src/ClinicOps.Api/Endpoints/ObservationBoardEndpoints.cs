using System.Globalization;
using System.Text;
using System.Text.Json;
using ClinicOps.Api.Auditing;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application.Common;
using ClinicOps.Application.ObservationBoard;
using ClinicOps.Domain.Auditing;
using ClinicOps.Domain.TreatmentDay;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ClinicOps.Api.Endpoints;

/// <summary>How often the board stream looks at the database.</summary>
internal sealed class BoardStreamOptions
{
    /// <summary>Between two reads of the site's change sequence.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The whole board is re-evaluated at least this often (elapsed minutes, overdue checkpoints and readiness change with time alone).</summary>
    public TimeSpan ReevaluateEvery { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A comment line keeps proxies from closing a quiet stream.</summary>
    public TimeSpan KeepAliveEvery { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The nurse station's live board: a snapshot and a server-sent event stream per site (docs/decisions/0014).</summary>
internal static class ObservationBoardEndpoints
{
    public const string EventStreamMediaType = "text/event-stream";

    public static void MapObservationBoard(this IEndpointRouteBuilder app)
    {
        var board = app.MapGroup("/api/v1/sites/{siteId:guid}/board").WithTags(ApiTags.ObservationBoard)
            .WithMetadata(new AuditedResource(nameof(TreatmentSession), IdRouteKey: null));
        board.MapGet("/", Snapshot).WithName("getObservationBoard").RequireAuthorization(AccessPolicies.BoardRead)
            .ProducesStandardProblems(StatusCodes.Status404NotFound);
        board.MapGet("/events", Stream).WithName("streamObservationBoard").RequireAuthorization(AccessPolicies.BoardRead)
            .Produces<string>(StatusCodes.Status200OK, EventStreamMediaType)
            .ProducesStandardProblems(StatusCodes.Status404NotFound)
            .DisableRateLimiting();
    }

    /// <summary>Reads a site's observation board: every chair with the patient monitored in it.</summary>
    /// <remarks>
    /// Per chair: the patient's initials and session, minutes since the first device (or the end of the IV infusion)
    /// and minutes left, the next vitals checkpoint with its due time (overdue when its window closed without a blood
    /// pressure), open alerts, and whether the patient is ready for discharge. Computed from the database on every read.
    /// </remarks>
    /// <param name="siteId">Site id.</param>
    /// <response code="200">The board.</response>
    private static async Task<Ok<ObservationBoardResponse>> Snapshot(Guid siteId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetObservationBoard { SiteId = siteId }, cancellationToken));

    /// <summary>Streams a site's observation board as server-sent events.</summary>
    /// <remarks>
    /// <c>text/event-stream</c>. The first event is <c>snapshot</c> (the whole board, as <c>getObservationBoard</c>
    /// returns it); then a <c>chair</c> event (one chair, as in <c>chairs</c>) whenever a chair's state changes: a
    /// reading, an alert, a dose, a discharge, or time alone (elapsed minutes, an overdue checkpoint, readiness). Every
    /// event's <c>id</c> is the site's change sequence, read from the database, so any instance can serve a
    /// reconnection: send the last id back in <c>Last-Event-ID</c> and the stream resumes with the board as it stands
    /// (a <c>snapshot</c>, then changes), so nothing that changed in between is missed. Authenticate with the
    /// <c>Authorization</c> header (a browser uses <c>fetch</c>, not <c>EventSource</c>); tokens never go in the URL.
    /// </remarks>
    /// <param name="siteId">Site id.</param>
    /// <response code="200">The event stream.</response>
    private static async Task<EmptyHttpResult> Stream(
        Guid siteId,
        HttpContext http,
        IMediator mediator,
        IAuditTrail audit,
        IBoardChangeFeed changes,
        IOptions<JsonOptions> json,
        IOptions<BoardStreamOptions> options,
        IHostApplicationLifetime lifetime,
        CancellationToken requestAborted)
    {
        // The stream ends when the client goes away or the instance shuts down (the client reconnects to another).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;
        // Site scope and the first read happen before the stream starts, so an unknown or foreign site is a plain 404.
        var board = await mediator.Send(new GetObservationBoard { SiteId = siteId, AuditReads = false }, requestAborted);
        var settings = options.Value;
        var audited = new HashSet<Guid>();
        var sent = new Dictionary<Guid, string>();
        var response = http.Response;
        response.ContentType = EventStreamMediaType;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        async Task AuditAsync(IEnumerable<BoardChairResponse> chairs)
        {
            var fresh = chairs.Select(c => c.Session).OfType<BoardSessionResponse>().Where(s => audited.Add(s.SessionId)).ToList();
            if (fresh.Count > 0)
            {
                await audit.RecordReadsAsync(fresh.Select(s => new AuditTarget(nameof(TreatmentSession), s.SessionId.ToString(), siteId, s.PatientId)), cancellationToken);
            }
        }

        async Task WriteAsync(string kind, long id, object data)
        {
            var payload = JsonSerializer.Serialize(data, json.Value.SerializerOptions);
            await response.WriteAsync($"event: {kind}\nid: {id.ToString(CultureInfo.InvariantCulture)}\ndata: {payload}\n\n", Encoding.UTF8, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }

        try
        {
            await response.WriteAsync($"retry: {(int)settings.PollInterval.TotalMilliseconds * 2}\n\n", cancellationToken);
            await AuditAsync(board.Chairs);
            await WriteAsync("snapshot", board.Sequence, board);
            foreach (var chair in board.Chairs)
            {
                sent[chair.ChairId] = Fingerprint(chair, json.Value.SerializerOptions);
            }

            var sequence = board.Sequence;
            var evaluatedAt = DateTimeOffset.UtcNow;
            var quietSince = DateTimeOffset.UtcNow;
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(settings.PollInterval, cancellationToken);
                var latest = await changes.SequenceAsync(siteId, cancellationToken);
                if (latest == sequence && DateTimeOffset.UtcNow - evaluatedAt < settings.ReevaluateEvery)
                {
                    if (DateTimeOffset.UtcNow - quietSince >= settings.KeepAliveEvery)
                    {
                        await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                        quietSince = DateTimeOffset.UtcNow;
                    }

                    continue;
                }

                board = await mediator.Send(new GetObservationBoard { SiteId = siteId, AuditReads = false }, cancellationToken);
                (sequence, evaluatedAt) = (board.Sequence, DateTimeOffset.UtcNow);
                var changed = board.Chairs.Where(c => !sent.TryGetValue(c.ChairId, out var before) || before != Fingerprint(c, json.Value.SerializerOptions)).ToList();
                await AuditAsync(changed);
                foreach (var chair in changed)
                {
                    await WriteAsync("chair", board.Sequence, chair);
                    sent[chair.ChairId] = Fingerprint(chair, json.Value.SerializerOptions);
                    quietSince = DateTimeOffset.UtcNow;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away, or the instance is stopping; the stream simply ends.
        }

        return TypedResults.Empty;
    }

    /// <summary>A chair's state without the evaluation instant, so an unchanged chair is not sent again.</summary>
    private static string Fingerprint(BoardChairResponse chair, JsonSerializerOptions options) => JsonSerializer.Serialize(chair, options);
}
