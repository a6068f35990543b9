using System.Globalization;

namespace ClinicOps.Api.Hosting;

/// <summary>
/// <c>healthcheck [--url URL]</c>: asks this process's own listener for <c>/health/live</c> and exits 0 when it answers
/// 200, 1 otherwise. The container image's HEALTHCHECK runs it, because the small runtime image has no shell, curl or
/// wget. Runs before the application is built, so it needs no database and no configuration besides the listen address.
/// </summary>
internal static class HealthProbeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length == 2 && args[0] == "--url" ? args[1] : LocalListenAddress() + "/health/live";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            await Console.Error.WriteLineAsync($"Usage: healthcheck [--url <absolute url>] (got '{url}')");
            return 2;
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(uri);
            await Console.Out.WriteLineAsync($"{uri} answered {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{uri} did not answer: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The first address of ASPNETCORE_URLS, else ASPNETCORE_HTTP_PORTS (the container images set 8080), as a loopback URL.</summary>
    private static string LocalListenAddress()
    {
        var urls = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        if (!string.IsNullOrWhiteSpace(urls))
        {
            var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
            var port = first.LastIndexOf(':') is var colon and > 0 && int.TryParse(first[(colon + 1)..].TrimEnd('/'), CultureInfo.InvariantCulture, out var p) ? p : 80;
            return $"http://127.0.0.1:{port}";
        }

        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        var httpPort = ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "8080";
        return $"http://127.0.0.1:{httpPort}";
    }
}
