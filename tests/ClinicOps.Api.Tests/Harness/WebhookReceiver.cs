using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicOps.Api.Tests.Harness;

/// <summary>One POST as the receiver saw it.</summary>
public sealed record ReceivedWebhook(string Id, long Timestamp, string Signature, string Body, int AnsweredStatus)
{
    public IReadOnlyDictionary<string, string> Headers => new Dictionary<string, string>
    {
        ["webhook-id"] = Id,
        ["webhook-timestamp"] = Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["webhook-signature"] = Signature,
    };
}

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, a free port). <see cref="Answer"/> decides each POST's status from the
/// number of POSTs of the same webhook-id so far; every POST is recorded with what it was answered.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Status to answer for the n-th (1-based) POST of a webhook-id; 204 by default.</summary>
    public Func<string, int, int> Answer { get; set; } = (_, _) => StatusCodes.Status204NoContent;

    /// <summary>Called for every POST before it is answered.</summary>
    public Action<ReceivedWebhook>? OnReceived { get; set; }

    public string Url { get; private set; } = string.Empty;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>POSTs answered 2xx, that is deliveries the sender may count as done.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => [.. _received.Where(r => r.AnsweredStatus is >= 200 and < 300)];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var id = http.Request.Headers["webhook-id"].ToString();
            var attempt = receiver._attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            var status = receiver.Answer(id, attempt);
            var received = new ReceivedWebhook(
                id, long.TryParse(http.Request.Headers["webhook-timestamp"], out var ts) ? ts : -1, http.Request.Headers["webhook-signature"].ToString(), body, status);
            receiver.OnReceived?.Invoke(received);
            receiver._received.Enqueue(received);
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = $"{address}/hooks/clinic";
        return receiver;
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds over what was received.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> condition, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!condition(this))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
