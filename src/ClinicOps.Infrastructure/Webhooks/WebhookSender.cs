using System.Text;

using ClinicOps.Infrastructure.Jobs;

namespace ClinicOps.Infrastructure.Webhooks;

/// <summary>The outcome of one POST: 2xx is success; anything else, a timeout or a network error is a failure.</summary>
public sealed record SendResult(bool Success, int? StatusCode, string? Error);

/// <summary>POSTs one signed event to a receiver.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, JobOptions options)
{
    public const string ClientName = "webhooks";

    public async Task<SendResult> SendAsync(string url, string id, long timestamp, string body, IReadOnlyList<string> secrets, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Header(secrets, id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.DeliveryTimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new SendResult(true, status, null) : new SendResult(false, status, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendResult(false, null, "timeout");
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(false, null, $"network error ({ex.HttpRequestError})");
        }
    }
}
