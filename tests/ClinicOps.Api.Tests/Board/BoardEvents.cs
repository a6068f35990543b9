using System.Net;
using System.Text.Json.Nodes;

namespace ClinicOps.Api.Tests.Board;

/// <summary>One server-sent event.</summary>
public sealed record BoardEvent(string Event, long Id, JsonObject Data);

/// <summary>Reads a site's board stream event by event, as any SSE client does.</summary>
public sealed class BoardEvents : IAsyncDisposable
{
    /// <summary>An upper bound on waiting for the next event, not a timing assertion: the stream polls the database.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private BoardEvents(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<(HttpResponseMessage Response, BoardEvents? Events)> OpenAsync(HttpClient client, Guid site, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/sites/{site}/board/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode == HttpStatusCode.OK ? (response, new BoardEvents(response, await response.Content.ReadAsStreamAsync())) : (response, null);
    }

    public async Task<BoardEvent> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Bound);
        string? kind = null;
        long? id = null;
        string? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new BoardEvent(kind ?? "message", id ?? -1, JsonNode.Parse(data)!.AsObject());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = colon < 0 ? (line, string.Empty) : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (name)
            {
                case "event": kind = value; break;
                case "id": id = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "data": data = data is null ? value : $"{data}\n{value}"; break;
            }
        }
    }

    /// <summary>Skips events until one matches.</summary>
    public async Task<BoardEvent> NextWhereAsync(Func<BoardEvent, bool> predicate)
    {
        while (true)
        {
            var next = await NextAsync();
            if (predicate(next))
            {
                return next;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
