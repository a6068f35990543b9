namespace ClinicOps.Domain.Webhooks;

/// <summary>
/// Exponential backoff with jitter for failed deliveries: the n-th retry waits base × 2^(n-1), capped, then stretched
/// by a random factor in [1, 1 + jitter) so that many deliveries failing together do not retry together. Each wait is
/// therefore longer than the one before (up to the cap). After <see cref="MaxAttempts"/> attempts: dead letter.
/// </summary>
/// <param name="MaxAttempts">Attempts in all, first one included.</param>
/// <param name="BaseDelay">Wait before the first retry.</param>
/// <param name="MaxDelay">Longest wait.</param>
/// <param name="Jitter">Largest random stretch, as a fraction (0.25 = up to 25% longer).</param>
public sealed record RetrySchedule(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, double Jitter)
{
    /// <summary>8 attempts, 30 s doubling to at most 6 h, up to 25% jitter (about 1 h 45 min in all before the dead letter).</summary>
    public static RetrySchedule Default { get; } = new(8, TimeSpan.FromSeconds(30), TimeSpan.FromHours(6), 0.25);

    /// <summary>
    /// When to retry after attempt number <paramref name="attemptsMade"/> failed at <paramref name="failedAt"/>; null when
    /// the attempts are used up. <paramref name="random"/> is a sample in [0, 1), passed in to keep this pure.
    /// </summary>
    public DateTimeOffset? NextAttempt(int attemptsMade, DateTimeOffset failedAt, double random)
    {
        if (attemptsMade >= MaxAttempts)
        {
            return null;
        }

        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, attemptsMade - 1);
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return failedAt.AddMilliseconds(capped * (1 + (Jitter * Math.Clamp(random, 0, 0.999999))));
    }
}
