namespace ClinicOps.Api.Tests.Harness;

/// <summary>A clock the tests move by hand; nothing in the tests waits for real time to pass.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private DateTimeOffset? _runningSince;

    public override DateTimeOffset GetUtcNow() => _runningSince is { } since ? _now + (System.GetUtcNow() - since) : _now;

    /// <summary>
    /// From now on the clock runs with real time (from wherever it stands), so that the jobs the scheduler's recurring
    /// triggers start by themselves (Quartz keeps real time) see time pass: for the tests of several processes or nodes,
    /// which cannot be driven run by run.
    /// </summary>
    public void StartRunning() => _runningSince ??= System.GetUtcNow();

    public void Advance(TimeSpan by) => _now = _now.Add(by);

    /// <summary>Moves the clock forward to an instant, e.g. a reminder's due time; never back.</summary>
    public void MoveTo(DateTimeOffset to)
    {
        if (to > _now)
        {
            _now = to;
        }
    }

    /// <summary>
    /// Sets the clock to any instant. Only for a delivery whose webhook-timestamp the reference verifier compares with
    /// real time (it accepts 5 minutes of skew).
    /// </summary>
    public void Set(DateTimeOffset to) => _now = to;
}
