namespace ClinicOps.Api.Hosting;

/// <summary>Bound from "Hosting".</summary>
internal sealed class HostingOptions
{
    /// <summary>
    /// How long a stopping instance waits for in-flight requests and background work (the read-audit writer) before it
    /// aborts them. Keep it below the orchestrator's grace period minus any pre-stop delay (Kubernetes: 40 s grace,
    /// 5 s pre-stop sleep, 25 s here).
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 25;
}

internal static class GracefulShutdown
{
    /// <summary>
    /// On SIGTERM (or Ctrl+C) the host stops Kestrel first: it closes its listeners, so no new connection is accepted,
    /// and waits for the requests in flight up to the shutdown timeout; then the other hosted services stop (the
    /// read-audit writer stores what is queued) and the process exits 0.
    /// </summary>
    public static IServiceCollection AddClinicOpsGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Hosting").Get<HostingOptions>() ?? new HostingOptions();
        if (options.ShutdownTimeoutSeconds is < 1 or > 600)
        {
            throw new InvalidOperationException("Hosting:ShutdownTimeoutSeconds must be between 1 and 600.");
        }

        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        return services;
    }
}
