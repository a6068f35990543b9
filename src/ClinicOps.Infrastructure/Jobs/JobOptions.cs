using ClinicOps.Domain.Webhooks;

namespace ClinicOps.Infrastructure.Jobs;

/// <summary>Bound from the "Jobs" configuration section (ADR 0012).</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the scheduler in this process (turn off for a process that should only serve requests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between two runs of each recurring job (the reminder sweep and the webhook delivery).</summary>
    public int PollSeconds { get; set; } = 10;

    /// <summary>Reminders or deliveries handled per batch (one transaction per batch).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Attempts per delivery, the first included, before the dead letter.</summary>
    public int MaxAttempts { get; set; } = RetrySchedule.Default.MaxAttempts;

    /// <summary>Wait before the first retry, in seconds; each later one doubles (with jitter).</summary>
    public int RetryBaseSeconds { get; set; } = (int)RetrySchedule.Default.BaseDelay.TotalSeconds;

    /// <summary>Longest wait between retries, in minutes.</summary>
    public int RetryMaxMinutes { get; set; } = (int)RetrySchedule.Default.MaxDelay.TotalMinutes;

    /// <summary>How long a receiver has to answer, in seconds; no answer counts as a failed attempt.</summary>
    public int DeliveryTimeoutSeconds { get; set; } = 10;

    /// <summary>The retry schedule these settings describe.</summary>
    public RetrySchedule Retry => new(MaxAttempts, TimeSpan.FromSeconds(RetryBaseSeconds), TimeSpan.FromMinutes(RetryMaxMinutes), RetrySchedule.Default.Jitter);
}
