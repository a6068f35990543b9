using System.Collections.Concurrent;
using Quartz;

namespace ClinicOps.Infrastructure.Jobs;

/// <summary>
/// Watches the jobs this node runs: when each last finished (the readiness check reports it), and a way to run a job
/// now and wait for that very run (tests move the clock, then run the job, instead of waiting for its trigger).
/// </summary>
public sealed class JobRuns(ISchedulerFactory schedulers) : IJobListener
{
    private const string RunKey = "clinicops.run";
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();
    private readonly ConcurrentDictionary<JobKey, DateTimeOffset> _lastFinished = new();

    public string Name => "clinicops-job-runs";

    /// <summary>When each job last finished on this node (real time).</summary>
    public IReadOnlyDictionary<JobKey, DateTimeOffset> LastFinished => _lastFinished;

    /// <summary>Fires the job at once through the scheduler and waits until this run has finished on this node.</summary>
    public async Task RunNowAsync(JobKey job, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N");
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[run] = finished;
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            await scheduler.TriggerJob(job, new JobDataMap { [RunKey] = run }, ct);
            await finished.Task.WaitAsync(ct);
        }
        finally
        {
            _waiting.TryRemove(run, out _);
        }
    }

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        _lastFinished[context.JobDetail.Key] = DateTimeOffset.UtcNow;
        if (context.MergedJobDataMap.TryGetValue(RunKey, out var run) && run is string id && _waiting.TryGetValue(id, out var finished))
        {
            if (jobException is null)
            {
                finished.TrySetResult();
            }
            else
            {
                finished.TrySetException(jobException);
            }
        }

        return ValueTask.CompletedTask;
    }
}
