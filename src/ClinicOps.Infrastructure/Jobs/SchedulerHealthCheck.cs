using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace ClinicOps.Infrastructure.Jobs;

/// <summary>Readiness of the job scheduler: started and not in standby, with its instance id and whether it is clustered.</summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, JobOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled)
        {
            return HealthCheckResult.Healthy("Jobs are disabled in this process (Jobs:Enabled=false); another process runs them.");
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var meta = await scheduler.GetMetadata(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["status"] = meta.Status.ToString(),
            ["instanceId"] = meta.SchedulerInstanceId,
            ["clustered"] = meta.JobStoreClustered,
            ["persistent"] = meta.JobStorePersistent,
        };
        return meta.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy("The job scheduler is running.", data)
            : HealthCheckResult.Unhealthy("The job scheduler is not running.", data: data);
    }
}
